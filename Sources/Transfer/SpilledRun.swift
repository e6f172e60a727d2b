import ObjectStore

/// One sorted run of a ``SpillingSizeQueue`` on a scratch file, read back in order through a
/// window of a fixed size: only the window and the next object (``head``) are in memory.
struct SpilledRun {
    /// The bytes read from the file at once (a record longer than this gets a window of its own size).
    let windowSize: Int
    private let file: any ScratchFile
    private let length: Int64
    private var window: [UInt8] = []
    /// Where `window` starts in the file, and the next record's start within it.
    private var windowStart: Int64 = 0
    private var position = 0
    /// Records in the file after ``head``.
    private var undecoded: Int
    /// The next object of the run, `nil` once it is used up.
    private(set) var head: ObjectInfo?

    /// The objects of the run not taken yet.
    var count: Int { undecoded + (head == nil ? 0 : 1) }

    /// Opens a run of `count` records in the first `length` bytes of `file`.
    ///
    /// - Throws: `io` when the file cannot be read, `corrupt` when it holds no records.
    init(file: any ScratchFile, length: Int64, count: Int, windowSize: Int) throws {
        self.windowSize = windowSize
        self.file = file
        self.length = length
        self.undecoded = count
        try advance()
    }

    /// Hands out ``head`` and reads the next object.
    mutating func take() throws -> ObjectInfo? {
        let taken = head
        try advance()
        return taken
    }

    private mutating func advance() throws {
        guard undecoded > 0 else {
            head = nil
            window = []
            return
        }
        var length = recordLength(at: position)
        if length == nil || position + length! > window.count {
            try refill(atLeast: length ?? 4)
            length = recordLength(at: 0)
            if let whole = length, whole > window.count {
                try refill(atLeast: whole)
            }
            guard let length, length <= window.count else {
                throw ObjectStoreError(.corrupt, "a spilled run of the copy queue ends inside a record")
            }
        }
        let start = position
        head = try window.withUnsafeBytes { try ObjectInfo(record: UnsafeRawBufferPointer(rebasing: $0[start..<(start + length!)])) }
        position += length!
        undecoded -= 1
    }

    private func recordLength(at offset: Int) -> Int? {
        window.withUnsafeBytes { ObjectInfo.recordLength(in: $0, at: offset) }
    }

    /// Reads the file from the next record on, at least `count` bytes where the file has them.
    private mutating func refill(atLeast count: Int) throws {
        windowStart += Int64(position)
        position = 0
        let size = Int(min(Int64(max(windowSize, count)), length - windowStart))
        if window.count != size { window = [UInt8](repeating: 0, count: size) }
        let read = try window.withUnsafeMutableBytes { try file.read(into: $0, at: windowStart) }
        guard read == size else { throw ObjectStoreError(.corrupt, "a spilled run of the copy queue is shorter than written") }
    }
}

/// Writes objects, in the order given, as a new ``SpilledRun`` on a scratch file: records are
/// gathered in one buffer and written ``flushSize`` bytes at a time.
struct SpilledRunWriter {
    static let flushSize = 256 << 10

    private let file: any ScratchFile
    private let windowSize: Int
    private var buffer: [UInt8] = []
    private var written: Int64 = 0
    private var count = 0

    /// - Throws: what the scratch space fails with (`noSpace`, `accessDenied`, `io`).
    /// - Parameter windowSize: the read window of the run it makes.
    init(_ scratch: any ScratchSpace, windowSize: Int) throws {
        self.windowSize = windowSize
        file = try scratch.makeScratchFile()
        buffer.reserveCapacity(Self.flushSize + 4096)
    }

    /// Adds the next object of the run.
    mutating func append(_ object: ObjectInfo) throws {
        object.appendRecord(to: &buffer)
        count += 1
        if buffer.count >= Self.flushSize { try flush() }
    }

    /// Writes what is left and opens the run for reading.
    mutating func finish() throws -> SpilledRun {
        try flush()
        buffer = []
        return try SpilledRun(file: file, length: written, count: count, windowSize: windowSize)
    }

    private mutating func flush() throws {
        guard !buffer.isEmpty else { return }
        try buffer.withUnsafeBytes { try file.write($0, at: written) }
        written += Int64(buffer.count)
        buffer.removeAll(keepingCapacity: true)
    }
}
