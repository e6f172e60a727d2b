import ObjectStore

/// How a transfer compares a source object with what the destination already holds, and what it
/// does about a difference. The planner applies it (a pure function of its inputs, `decide`); the
/// engine owns the planner, so a policy is handed over once, in ``TransferOptions``.
public struct ComparisonPolicy: Hashable, Sendable {
    /// What counts as "the same object".
    public enum Verification: String, Hashable, Sendable, CaseIterable {
        /// Same size means the same (the original tool's rule; no reads of existing files).
        case size
        /// Same size and same checksum: the source's ETag (a plain MD5, or the multipart form, which
        /// the existing file is hashed in the same part size to match) or an MD5 its store computes,
        /// against the existing file's. New copies are checked against it while they stream.
        case etag
        /// Same size and the same stored checksum: the source's full-object checksum (S3's
        /// `x-amz-checksum-*`, asked by a HEAD) against the existing file's in that algorithm (a
        /// local destination caches it in an extended attribute, so an unchanged file is hashed once).
        case checksum
    }

    /// The comparison in force.
    public var verification: Verification
    /// Whether objects that differ are replaced (atomically) rather than reported and left alone.
    public var overwrite: Bool

    public init(verification: Verification = .size, overwrite: Bool = false) {
        self.verification = verification
        self.overwrite = overwrite
    }

    /// The policy's answer for one object: a decision, or (under `--verify etag`, sizes equal) a
    /// request for both checksums before it can decide. Internal: the planner settles the second
    /// before anything leaves it, so plans and events only ever hold decisions.
    enum Verdict: Hashable, Sendable {
        case decided(Decision)
        /// Sizes match; `existing` (what the destination holds) and the source must be hashed.
        case needsChecksums(existing: ObjectInfo)
    }

    /// Decides what to do with `source` given what the destination holds under its key.
    func decide(_ source: ObjectInfo, _ destination: DestinationState) -> Verdict {
        switch destination {
        case .absent:
            return .decided(Decision(.copy, .missing))
        case .present(let existing):
            if existing.size != source.size {
                return .decided(differs(.sizeDiffers(local: existing.size, source: source.size)))
            }
            switch verification {
            case .size: return .decided(Decision(.skip, .sizeMatches))
            case .etag, .checksum: return .needsChecksums(existing: existing)
            }
        case .compared(let existing, let local, let remote):
            return .decided(settle(source, existing: existing, local: local, remote: remote))
        }
    }

    /// Decides once both checksums are known: `local` of what the destination holds (in the
    /// source's form), `remote` the source's, `nil` when it has no usable one.
    func settle(_ source: ObjectInfo, existing: ObjectInfo, local: ContentChecksum, remote: ContentChecksum?) -> Decision {
        if existing.size != source.size {
            return differs(.sizeDiffers(local: existing.size, source: source.size))
        }
        guard let remote else { return Decision(.skip, .unverified) }
        if local == remote { return Decision(.skip, .checksumMatches) }
        return differs(.checksumDiffers(local: local, source: remote))
    }

    /// Decides once the stored checksums are known: `local`, the existing file's in the
    /// algorithm of `remote`, the source's full-object checksum (`nil` when it keeps none).
    func settle(_ source: ObjectInfo, existing: ObjectInfo, local: StoredChecksum?, remote: StoredChecksum?) -> Decision {
        if existing.size != source.size {
            return differs(.sizeDiffers(local: existing.size, source: source.size))
        }
        guard let remote, let local else { return Decision(.skip, .unverified) }
        if local == remote { return Decision(.skip, .storedChecksumMatches(remote.algorithm)) }
        return differs(.storedChecksumDiffers(local: local, source: remote))
    }

    private func differs(_ reason: Decision.Reason) -> Decision {
        Decision(overwrite ? .copy : .reportMismatch, reason)
    }
}

/// What the destination holds under a source object's key, as far as the planner has looked.
enum DestinationState: Hashable, Sendable {
    /// Nothing.
    case absent
    /// An object, compared so far by its listing facts only.
    case present(ObjectInfo)
    /// An object whose checksum was computed (`local`, in the source's form), with the source's
    /// checksum when it has a usable one.
    case compared(ObjectInfo, local: ContentChecksum, source: ContentChecksum?)
}

/// What a transfer does with one object, and why.
public struct Decision: Hashable, Sendable, CustomStringConvertible {
    /// What happens to the object.
    public enum Action: String, Hashable, Sendable {
        /// Copy it (to a missing name, or replacing a different object under `--overwrite`).
        case copy
        /// Leave it: the destination already holds the same object.
        case skip
        /// Report the difference and leave the existing object untouched.
        case reportMismatch
    }

    /// Why, with the facts that led there.
    public enum Reason: Hashable, Sendable {
        case missing
        case sizeMatches
        case checksumMatches
        /// Sizes match but the source has no usable checksum (for example a multipart ETag under
        /// `--verify etag`, no stored full-object checksum under `--verify checksum`).
        case unverified
        /// Under `--verify checksum`: the existing file has the source's stored checksum.
        case storedChecksumMatches(ChecksumAlgorithm)
        case sizeDiffers(local: Int64, source: Int64)
        /// Out of line: two checksums would triple the size of every decision.
        indirect case checksumDiffers(local: ContentChecksum, source: ContentChecksum)
        /// Under `--verify checksum`: the existing file's checksum is not the source's.
        indirect case storedChecksumDiffers(local: StoredChecksum, source: StoredChecksum)
    }

    public var action: Action
    public var reason: Reason

    public init(_ action: Action, _ reason: Reason) {
        self.action = action
        self.reason = reason
    }

    /// `copy (missing)`, `skip (size matches)`, ...
    public var description: String { "\(action.rawValue) (\(reason))" }
}

extension Decision.Reason: CustomStringConvertible {
    public var description: String {
        switch self {
        case .missing: return "missing"
        case .sizeMatches: return "size matches"
        case .checksumMatches: return "md5 matches"
        case .unverified: return "size matches; the source has no checksum to compare"
        case .storedChecksumMatches(let algorithm): return "\(algorithm.rawValue) matches"
        case .storedChecksumDiffers(let local, let source):
            return "\(source.algorithm.rawValue) mismatch (local \(local.encoded), source \(source.encoded))"
        case .sizeDiffers(let local, let source): return "size mismatch (local \(local) bytes, source \(source) bytes)"
        case .checksumDiffers(let local, let source): return "\(source.kind) mismatch (local \(local), source \(source))"
        }
    }
}
