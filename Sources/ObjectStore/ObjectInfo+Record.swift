import FoundationEssentials

/// The compact byte form of an ``ObjectInfo`` that a run writes to scratch files (the spilled copy
/// queue) and reads back: every field exactly, with no parsing on the way back.
///
/// One record, little-endian:
///
/// | bytes | field |
/// | --- | --- |
/// | 4 | the record's length, these 4 bytes included |
/// | 1 | flags: 1 = has a modification time, 2 = has an MD5, 4 = the ETag is the quoted MD5, 8 = has another ETag |
/// | 8 | size |
/// | 4 | the key's length in UTF-8 bytes |
/// | n | the key |
/// | 8 | the modification time (seconds since 2001 as a `Double`'s bits), if flagged |
/// | 16 | the MD5, if flagged |
/// | rest | the other ETag's UTF-8 bytes, if flagged |
///
/// A listed S3 object with a 60-byte key and a plain ETag takes 101 bytes.
extension ObjectInfo {
    private enum RecordFlag {
        static let lastModified: UInt8 = 1
        static let md5: UInt8 = 2
        static let etagIsQuotedMD5: UInt8 = 4
        static let otherETag: UInt8 = 8
    }

    /// The bytes before the key: length, flags, size, key length.
    private static let recordHeaderSize = 17

    /// How many bytes ``appendRecord(to:)`` appends for this object.
    public var recordSize: Int {
        var size = Self.recordHeaderSize + key.rawValue.utf8.count
        if lastModified != nil { size += 8 }
        if storedMD5 != nil { size += 16 }
        if let otherETag { size += otherETag.utf8.count }
        return size
    }

    /// Appends this object's record to `buffer`.
    public func appendRecord(to buffer: inout [UInt8]) {
        var flags: UInt8 = 0
        if lastModified != nil { flags |= RecordFlag.lastModified }
        if storedMD5 != nil { flags |= RecordFlag.md5 }
        if etagIsQuotedMD5 { flags |= RecordFlag.etagIsQuotedMD5 }
        if otherETag != nil { flags |= RecordFlag.otherETag }
        Self.append(UInt32(recordSize), to: &buffer)
        buffer.append(flags)
        Self.append(UInt64(bitPattern: size), to: &buffer)
        Self.append(UInt32(key.rawValue.utf8.count), to: &buffer)
        buffer += key.rawValue.utf8
        if let lastModified { Self.append(lastModified.timeIntervalSinceReferenceDate.bitPattern, to: &buffer) }
        if let storedMD5 {
            Self.append(storedMD5.leading, to: &buffer)
            Self.append(storedMD5.trailing, to: &buffer)
        }
        if let otherETag { buffer += otherETag.utf8 }
    }

    /// The length of the record that starts at `offset` of `bytes`, once its first 4 bytes are
    /// there (`nil` before); it may be longer than what `bytes` holds.
    public static func recordLength(in bytes: UnsafeRawBufferPointer, at offset: Int) -> Int? {
        guard offset + 4 <= bytes.count else { return nil }
        return Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
    }

    /// Reads the whole record at the start of `bytes` (``recordLength(in:at:)`` bytes).
    ///
    /// - Throws: `corrupt` when the bytes are not a record (a scratch file damaged on disk).
    public init(record bytes: UnsafeRawBufferPointer) throws {
        func corrupt(_ what: String) -> ObjectStoreError {
            ObjectStoreError(.corrupt, "a spilled record is damaged: \(what)")
        }
        guard let length = Self.recordLength(in: bytes, at: 0), length >= Self.recordHeaderSize, length <= bytes.count else {
            throw corrupt("its length is wrong")
        }
        let flags = bytes[4]
        let size = Int64(bitPattern: UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: 5, as: UInt64.self)))
        let keyLength = Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: 13, as: UInt32.self)))
        var position = Self.recordHeaderSize + keyLength
        let fixed = (flags & RecordFlag.lastModified != 0 ? 8 : 0) + (flags & RecordFlag.md5 != 0 ? 16 : 0)
        guard size >= 0, position + fixed <= length, flags & 0xF0 == 0 else { throw corrupt("its fields overrun it") }
        let key = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[Self.recordHeaderSize..<position]), as: UTF8.self)
        func word() -> UInt64 {
            defer { position += 8 }
            return UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: position, as: UInt64.self))
        }
        let lastModified = flags & RecordFlag.lastModified != 0 ? Date(timeIntervalSinceReferenceDate: Double(bitPattern: word())) : nil
        let md5 = flags & RecordFlag.md5 != 0 ? MD5Digest(leading: word(), trailing: word()) : nil
        let otherETag = flags & RecordFlag.otherETag != 0
            ? String(decoding: UnsafeRawBufferPointer(rebasing: bytes[position..<length]), as: UTF8.self) : nil
        self.init(key: ObjectKey(key), size: size, lastModified: lastModified, storedMD5: md5,
                  etagIsQuotedMD5: flags & RecordFlag.etagIsQuotedMD5 != 0, otherETag: otherETag)
    }

    /// An estimate of the heap memory this value's strings hold beyond its own
    /// `MemoryLayout<ObjectInfo>.stride`: a string of more than 15 UTF-8 bytes is an allocation of
    /// a 32-byte header and its bytes, rounded to 16.
    public var heapBytes: Int {
        Self.heapBytes(ofStringWith: key.rawValue.utf8.count) + (otherETag.map { Self.heapBytes(ofStringWith: $0.utf8.count) } ?? 0)
    }

    private static func heapBytes(ofStringWith count: Int) -> Int {
        count <= 15 ? 0 : (32 + count + 1 + 15) & ~15
    }

    private static func append<Word: FixedWidthInteger>(_ value: Word, to buffer: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { buffer += $0 }
    }
}
