import CZlib

/// gzip for the tests' fixtures, through zlib's deflate (the library only inflates).
public enum GzipFixture {
    /// `bytes` as one gzip member.
    public static func compress(_ bytes: [UInt8], level: Int32 = 6) -> [UInt8] {
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        defer {
            deflateEnd(stream)
            stream.deinitialize(count: 1)
            stream.deallocate()
        }
        precondition(s3clone_deflateInit2(stream, level, 16 + MAX_WBITS) == Z_OK)
        var output = [UInt8](repeating: 0, count: Int(deflateBound(stream, UInt(bytes.count))) + 64)
        var input = bytes
        let written = input.withUnsafeMutableBufferPointer { input in
            output.withUnsafeMutableBufferPointer { output in
                stream.pointee.next_in = input.baseAddress
                stream.pointee.avail_in = UInt32(input.count)
                stream.pointee.next_out = output.baseAddress
                stream.pointee.avail_out = UInt32(output.count)
                precondition(deflate(stream, Z_FINISH) == Z_STREAM_END)
                return output.count - Int(stream.pointee.avail_out)
            }
        }
        return Array(output.prefix(written))
    }

    /// `bytes` as one gzip member per piece (`cat a.gz b.gz`), split at `splits`.
    public static func compress(_ bytes: [UInt8], splittingAt splits: [Int]) -> [UInt8] {
        var result: [UInt8] = []
        var start = 0
        for end in splits + [bytes.count] {
            result += compress(Array(bytes[start..<end]))
            start = end
        }
        return result
    }
}
