import ArgumentParser
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

// ArgumentParser exits 64 on a usage error; s3clone's documented status for that is 2.
do {
    let command = try S3Clone.parse()
    try await command.execute()
} catch {
    let status = S3Clone.exitCode(for: error)
    let message = S3Clone.fullMessage(for: error)
    if status == .success {
        if !message.isEmpty { print(message) }
        exit(0)
    }
    if !message.isEmpty {
        let line = message.hasPrefix("Error:") || message.hasPrefix("Usage:") ? message : "s3clone: " + message
        Console.writeAll(line + "\n", to: STDERR_FILENO)
    }
    exit(status == .validationFailure ? 2 : Int32(status.rawValue))
}
