import CZlib
import ObjectStore

/// The owner of one zlib inflate stream (`z_stream`) reading gzip: the only place zlib is called.
///
/// Compressed bytes go in, in chunks of any size; inflated bytes come out through one output
/// buffer of ``outputCapacity`` bytes, reused for the life of the inflater, so inflating costs no
/// allocation. Concatenated gzip members (what `cat a.gz b.gz` makes) read as one stream. Each
/// member's CRC-32 and length are checked by zlib. One inflater serves one stream; it is not
/// thread-safe.
final class GzipInflater {
    /// The size of the output buffer.
    static let outputCapacity = 64 * 1024

    /// Where the stream stands between members, which is all ``finish()`` needs to know.
    private enum Position {
        /// No byte of any member has been fed.
        case beforeFirstMember
        /// A member has begun and has not ended.
        case inMember
        /// A member has just ended; more bytes start the next one.
        case afterMember
    }

    // Allocated, not a stored struct: zlib keeps a pointer back to the stream and checks it, so the
    // stream must not move.
    private let stream: UnsafeMutablePointer<z_stream>
    private let output: UnsafeMutableRawBufferPointer
    private let source: String
    private var position = Position.beforeFirstMember

    /// Opens an inflate stream for gzip.
    ///
    /// zlib fails to open one only when it lacks memory or its version does not match the header
    /// this was built with, which no caller can recover from, so that stops the process.
    /// - Parameter source: what is being inflated, for messages ("the inventory file data/1.csv.gz").
    init(source: String) {
        self.source = source
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        output = .allocate(byteCount: Self.outputCapacity, alignment: MemoryLayout<UInt64>.alignment)
        // 16 + MAX_WBITS: a gzip header and trailer, and the largest window, as gzip writes.
        let status = s3clone_inflateInit2(stream, 16 + MAX_WBITS)
        guard status == Z_OK else {
            fatalError("inflateInit2 failed: \(ZlibError(rawValue: status))")
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
        output.deallocate()
    }

    /// Inflates `input`, the next compressed bytes of the stream, handing the inflated bytes to
    /// `consume` as they come (in pieces of at most ``outputCapacity`` bytes, valid only during the
    /// call).
    ///
    /// - Throws: `corrupt` when the bytes are not gzip (naming zlib's reason); anything `consume`
    ///   throws, unchanged.
    func inflate(_ input: UnsafeRawBufferPointer, into consume: (UnsafeRawBufferPointer) throws -> Void) throws {
        // zlib counts input in 32 bits.
        var start = 0
        while start < input.count {
            let end = start + min(input.count - start, Int(UInt32.max))
            try inflatePiece(UnsafeRawBufferPointer(rebasing: input[start..<end]), into: consume)
            start = end
        }
    }

    /// Checks that the stream ended where a gzip member ends.
    ///
    /// - Throws: `corrupt` when the stream stopped in the middle of a member (a truncated file) or
    ///   held no member at all (an empty one).
    func finish() throws {
        switch position {
        case .afterMember:
            return
        case .inMember:
            throw ObjectStoreError(.corrupt, "\(source) ends in the middle of a gzip member (it is truncated)",
                                   cause: ObjectStoreError.Cause(domain: ZlibError.causeDomain, code: "truncated"))
        case .beforeFirstMember:
            throw ObjectStoreError(.corrupt, "\(source) holds no gzip data",
                                   cause: ObjectStoreError.Cause(domain: ZlibError.causeDomain, code: "empty"))
        }
    }

    /// ``inflate(_:into:)`` for at most `UInt32.max` bytes.
    private func inflatePiece(_ input: UnsafeRawBufferPointer, into consume: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard let base = input.baseAddress, !input.isEmpty else { return }
        // zlib never writes through `next_in`; the C type is not const only for old compilers.
        stream.pointee.next_in = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = UInt32(input.count)
        defer {
            stream.pointee.next_in = nil
            stream.pointee.avail_in = 0
        }
        while true {
            if position == .afterMember {
                guard stream.pointee.avail_in > 0 else { return }
                // Another member follows the one that ended.
                let status = inflateReset(stream)
                guard status == Z_OK else { throw failure(status) }
            }
            position = .inMember
            stream.pointee.next_out = output.baseAddress!.assumingMemoryBound(to: Bytef.self)
            stream.pointee.avail_out = UInt32(Self.outputCapacity)
            let status = CZlib.inflate(stream, Z_NO_FLUSH)
            let produced = Self.outputCapacity - Int(stream.pointee.avail_out)
            if produced > 0 {
                try consume(UnsafeRawBufferPointer(start: output.baseAddress, count: produced))
            }
            switch status {
            case Z_STREAM_END:
                position = .afterMember
            case Z_OK:
                // A full output buffer may leave inflated bytes inside zlib: go round again.
                if stream.pointee.avail_in == 0, stream.pointee.avail_out > 0 { return }
            case Z_BUF_ERROR:
                // No progress was possible: everything fed has been inflated and handed out.
                return
            default:
                throw failure(status)
            }
        }
    }

    private func failure(_ status: Int32) -> ObjectStoreError {
        ZlibError(rawValue: status).storeError(source: source, detail: stream.pointee.msg.map { String(cString: $0) })
    }
}
