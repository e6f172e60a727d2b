import ObjectStore
import Testing
@testable import Transfer

@Suite("ComparisonPolicy")
struct ComparisonPolicyTests {
    static let md5A = ContentChecksum(md5: MD5Digest(hex: "0cc175b9c0f1b6a831c399e269772661")!)
    static let md5B = ContentChecksum(md5: MD5Digest(hex: "92eb5ffee6ae2fec3ad71c777531578f")!)
    static let source = ObjectInfo(key: "k", size: 10)
    static let sameSize = ObjectInfo(key: "k", size: 10)
    static let otherSize = ObjectInfo(key: "k", size: 7)

    struct Row: Sendable, CustomTestStringConvertible {
        var verification: ComparisonPolicy.Verification
        var overwrite: Bool
        var destination: DestinationState
        var expected: ComparisonPolicy.Verdict
        var testDescription: String { "\(verification) overwrite=\(overwrite) \(destination) -> \(expected)" }
    }

    static let rows: [Row] = {
        var rows: [Row] = []
        for verification in ComparisonPolicy.Verification.allCases {
            for overwrite in [false, true] {
                rows.append(Row(verification: verification, overwrite: overwrite, destination: .absent, expected: .decided(Decision(.copy, .missing))))
                rows.append(Row(verification: verification, overwrite: overwrite, destination: .present(otherSize),
                                expected: .decided(Decision(overwrite ? .copy : .reportMismatch, .sizeDiffers(local: 7, source: 10)))))
            }
        }
        rows += [
            Row(verification: .size, overwrite: false, destination: .present(sameSize), expected: .decided(Decision(.skip, .sizeMatches))),
            Row(verification: .size, overwrite: true, destination: .present(sameSize), expected: .decided(Decision(.skip, .sizeMatches))),
            Row(verification: .etag, overwrite: false, destination: .present(sameSize), expected: .needsChecksums(existing: sameSize)),
            Row(verification: .checksum, overwrite: false, destination: .present(sameSize), expected: .needsChecksums(existing: sameSize)),
            Row(verification: .etag, overwrite: true, destination: .present(sameSize), expected: .needsChecksums(existing: sameSize)),
            Row(verification: .etag, overwrite: false, destination: .compared(sameSize, local: md5A, source: md5A), expected: .decided(Decision(.skip, .checksumMatches))),
            Row(verification: .etag, overwrite: false, destination: .compared(sameSize, local: md5A, source: md5B),
                expected: .decided(Decision(.reportMismatch, .checksumDiffers(local: md5A, source: md5B)))),
            Row(verification: .etag, overwrite: true, destination: .compared(sameSize, local: md5A, source: md5B),
                expected: .decided(Decision(.copy, .checksumDiffers(local: md5A, source: md5B)))),
            Row(verification: .etag, overwrite: false, destination: .compared(sameSize, local: md5A, source: nil), expected: .decided(Decision(.skip, .unverified))),
            Row(verification: .etag, overwrite: true, destination: .compared(sameSize, local: md5A, source: nil), expected: .decided(Decision(.skip, .unverified))),
            Row(verification: .etag, overwrite: true, destination: .compared(otherSize, local: md5A, source: md5A),
                expected: .decided(Decision(.copy, .sizeDiffers(local: 7, source: 10)))),
        ]
        return rows
    }()

    @Test("decision table", arguments: rows)
    func decide(_ row: Row) {
        let policy = ComparisonPolicy(verification: row.verification, overwrite: row.overwrite)
        #expect(policy.decide(Self.source, row.destination) == row.expected)
    }

    static let crcA = StoredChecksum(algorithm: .crc64nvme, value: [1, 2, 3, 4, 5, 6, 7, 8])
    static let crcB = StoredChecksum(algorithm: .crc64nvme, value: [1, 2, 3, 4, 5, 6, 7, 9])

    @Test("--verify checksum settles on the stored checksums: match, mismatch (reported or replaced), none to compare, sizes first")
    func settlesStoredChecksums() {
        let keeping = ComparisonPolicy(verification: .checksum)
        let replacing = ComparisonPolicy(verification: .checksum, overwrite: true)
        #expect(keeping.settle(Self.source, existing: Self.sameSize, local: Self.crcA, remote: Self.crcA) == Decision(.skip, .storedChecksumMatches(.crc64nvme)))
        #expect(keeping.settle(Self.source, existing: Self.sameSize, local: Self.crcA, remote: Self.crcB)
                == Decision(.reportMismatch, .storedChecksumDiffers(local: Self.crcA, source: Self.crcB)))
        #expect(replacing.settle(Self.source, existing: Self.sameSize, local: Self.crcA, remote: Self.crcB).action == .copy)
        #expect(keeping.settle(Self.source, existing: Self.sameSize, local: nil, remote: Self.crcA) == Decision(.skip, .unverified))
        #expect(keeping.settle(Self.source, existing: Self.sameSize, local: Self.crcA, remote: nil) == Decision(.skip, .unverified))
        #expect(keeping.settle(Self.source, existing: Self.otherSize, local: Self.crcA, remote: Self.crcA).reason == .sizeDiffers(local: 7, source: 10))
        #expect(Decision.Reason.storedChecksumDiffers(local: Self.crcA, source: Self.crcB).description
                == "CRC64NVME mismatch (local AQIDBAUGBwg=, source AQIDBAUGBwk=)")
    }

    @Test("the mismatch text is the original tool's")
    func mismatchText() {
        #expect(Decision.Reason.sizeDiffers(local: 7, source: 10).description == "size mismatch (local 7 bytes, source 10 bytes)")
    }
}
