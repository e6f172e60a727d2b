import CPosix
import Foundation

// As the executable does (its Resources.returnLargeBlocksToTheSystem), so that memory figures match.
_ = s3clone_fix_mmap_threshold(1 << 20)
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
