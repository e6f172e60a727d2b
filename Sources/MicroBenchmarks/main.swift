import Foundation

do {
    let command = try BenchmarkCommand(arguments: Array(CommandLine.arguments.dropFirst()))
    exit(await command.run() ? 0 : 1)
} catch let error as UsageError {
    if error.isRequest {
        print(error.message)
        exit(0)
    }
    FileHandle.standardError.write(Data((error.message + "\n").utf8))
    exit(2)
} catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(2)
}
