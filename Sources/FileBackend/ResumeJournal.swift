import ObjectStore

/// The record a resumable partial file keeps of itself: which object it is for, in which parts,
/// and which parts are complete (with their checksums).
///
/// It lives in the partial file, after the object's bytes, in two slots of ``slotSize`` bytes
/// written in turn (generation `g` goes to slot `g % 2`), each with a check over its text: a
/// write torn by a crash spoils only the slot it was writing, and the other still holds the
/// previous generation. Text, one field a line; the key and the ETag in hexadecimal, so no byte
/// of a hostile key can change a line's meaning. A slot that does not read back exactly (a bad
/// check, a field out of place or out of range) counts as absent.
struct ResumeJournal: Equatable, Sendable {
    static let magic = "s3clone-resume 1"

    var key: String
    var size: Int64
    var plan: ResumePlan
    var generation: UInt64 = 0
    var completed: [Int: [UInt8]] = [:]

    /// The parts: ``ResumePlan/partSize`` each, the last one shorter.
    var parts: [Range<Int64>] {
        stride(from: Int64(0), to: size, by: Int(plan.partSize)).map { $0..<min($0 + plan.partSize, size) }
    }

    var partCount: Int { Int((size + plan.partSize - 1) / plan.partSize) }

    /// Bytes reserved for one slot: room for every part done with its digest (a 64-bit CRC, or
    /// the MD5 or SHA of a part-wise check), rounded up to 4 KiB.
    var slotSize: Int {
        let text = 256 + 2 * key.utf8.count + 2 * plan.etag.utf8.count + partCount * (14 + 2 * digestRoom)
        return (text + 4095) / 4096 * 4096
    }

    /// The longest digest a part records under this plan's checksum name (`CRC64NVME`,
    /// `parts MD5`, `parts SHA256`, ...).
    var digestRoom: Int {
        let name = plan.checksumAlgorithm ?? ""
        if name.hasSuffix("SHA256") { return 32 }
        if name.hasSuffix("SHA1") { return 20 }
        if name.hasSuffix("MD5") { return 16 }
        return 8
    }

    /// Where slot `index` starts in the partial file.
    func slotOffset(_ index: Int) -> Int64 { size + Int64(index * slotSize) }

    /// Whether this journal is for `object` written by `plan`'s rules (the part size aside).
    func describes(_ object: ObjectInfo, plan other: ResumePlan) -> Bool {
        key == object.key.rawValue && size == object.size && plan.etag == other.etag
            && plan.checksumAlgorithm == other.checksumAlgorithm
    }

    /// The slot's text, padded with zero bytes to ``slotSize``.
    func encoded() -> [UInt8] {
        let done = completed.sorted { $0.key < $1.key }.map { "\($0.key)=\(Self.hex($0.value))" }.joined(separator: ",")
        var text = Self.magic + "\n"
        text += "generation \(generation)\n"
        text += "key \(Self.hex(Array(key.utf8)))\n"
        text += "size \(size)\n"
        text += "etag \(Self.hex(Array(plan.etag.utf8)))\n"
        text += "checksum \(plan.checksumAlgorithm ?? "none")\n"
        text += "part-size \(plan.partSize)\n"
        text += "done \(done)\n"
        var bytes = Array(text.utf8)
        bytes += Array("check \(Self.hex(Self.fnv(bytes)))\n".utf8)
        bytes += [UInt8](repeating: 0, count: max(0, slotSize - bytes.count))
        return bytes
    }

    /// Reads a slot back; `nil` unless every field is there, in order, in range, and checked.
    static func decode(_ slot: [UInt8]) -> ResumeJournal? {
        let used = slot.firstIndex(of: 0) ?? slot.count
        let bytes = Array(slot[..<used])
        guard let checkStart = bytes.dropLast().lastIndex(of: UInt8(ascii: "\n")).map({ $0 + 1 }),
              String(decoding: bytes[checkStart...], as: UTF8.self) == "check \(hex(fnv(Array(bytes[..<checkStart]))))\n",
              let text = String(validating: bytes[..<checkStart], as: UTF8.self) else { return nil }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        let names = ["generation", "key", "size", "etag", "checksum", "part-size", "done"]
        guard lines.count == names.count + 1, lines.first == Substring(magic) else { return nil }
        var values: [String: Substring] = [:]
        for (name, line) in zip(names, lines.dropFirst()) {
            guard line.hasPrefix(name + " ") else { return nil }
            values[name] = line.dropFirst(name.count + 1)
        }
        guard let generation = UInt64(values["generation"]!), let keyBytes = unhex(values["key"]!),
              let key = String(validating: keyBytes, as: UTF8.self), let size = Int64(values["size"]!), size > 0,
              let etagBytes = unhex(values["etag"]!), let etag = String(validating: etagBytes, as: UTF8.self),
              let partSize = Int64(values["part-size"]!), partSize > 0 else { return nil }
        let algorithm = values["checksum"]! == "none" ? nil : String(values["checksum"]!)
        var journal = ResumeJournal(key: key, size: size, plan: ResumePlan(etag: etag, checksumAlgorithm: algorithm, partSize: partSize),
                                    generation: generation)
        guard journal.slotSize == slot.count else { return nil }
        for entry in values["done"]!.split(separator: ",") {
            let pair = entry.split(separator: "=", omittingEmptySubsequences: false)
            guard pair.count == 2, let index = Int(pair[0]), (0..<journal.partCount).contains(index),
                  journal.completed[index] == nil, let checksum = unhex(pair[1]), checksum.count <= journal.digestRoom else { return nil }
            journal.completed[index] = checksum
        }
        return journal
    }

    static func hex(_ bytes: [UInt8]) -> String { HexEncoding.encode(bytes) }

    static func unhex(_ text: Substring) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes = [UInt8]()
        bytes.reserveCapacity(digits.count / 2)
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let high = HexEncoding.value(ofDigit: digits[index]), let low = HexEncoding.value(ofDigit: digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        return bytes
    }

    /// FNV-1a 64 of `bytes`, big-endian: the slot's check (against torn writes, not attacks).
    static func fnv(_ bytes: [UInt8]) -> [UInt8] {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return (0..<8).map { UInt8(truncatingIfNeeded: hash >> (56 - 8 * $0)) }
    }
}
