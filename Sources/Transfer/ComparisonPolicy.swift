import ObjectStore

/// How a transfer compares a source object with what the destination already holds, and what it
/// does about a difference. A pure function of its inputs: ``decide(_:_:)``.
public struct ComparisonPolicy: Hashable, Sendable {
    /// What counts as "the same object".
    public enum Verification: String, Hashable, Sendable, CaseIterable {
        /// Same size means the same (the original tool's rule; no reads of existing files).
        case size
        /// Same size and same MD5: the source's MD5 (a plain ETag, or computed by its store) against
        /// the MD5 of the existing file. New copies are checked against it while they stream.
        case etag
    }

    /// The comparison in force.
    public var verification: Verification
    /// Whether objects that differ are replaced (atomically) rather than reported and left alone.
    public var overwrite: Bool

    public init(verification: Verification = .size, overwrite: Bool = false) {
        self.verification = verification
        self.overwrite = overwrite
    }

    /// Decides what to do with `source` given what the destination holds under its key.
    public func decide(_ source: ObjectInfo, _ destination: DestinationState) -> Decision {
        switch destination {
        case .absent:
            return Decision(.copy, .missing)
        case .present(let existing):
            if existing.size != source.size {
                return differs(.sizeDiffers(local: existing.size, source: source.size))
            }
            switch verification {
            case .size: return Decision(.skip, .sizeMatches)
            case .etag: return Decision(.compareChecksums, .checksumsPending)
            }
        case .compared(let existing, let local, let remote):
            if existing.size != source.size {
                return differs(.sizeDiffers(local: existing.size, source: source.size))
            }
            guard let remote else { return Decision(.skip, .unverified) }
            if local == remote { return Decision(.skip, .checksumMatches) }
            return differs(.checksumDiffers(local: local, source: remote))
        }
    }

    private func differs(_ reason: Decision.Reason) -> Decision {
        Decision(overwrite ? .copy : .reportMismatch, reason)
    }
}

/// What the destination holds under a source object's key, as far as the planner has looked.
public enum DestinationState: Hashable, Sendable {
    /// Nothing.
    case absent
    /// An object, compared so far by its listing facts only.
    case present(ObjectInfo)
    /// An object whose MD5 was computed (`local`), with the source's MD5 when it has a usable one.
    case compared(ObjectInfo, local: MD5Digest, source: MD5Digest?)
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
        /// Sizes match; MD5s must be compared before deciding (an intermediate step of the planner).
        case compareChecksums
    }

    /// Why, with the facts that led there.
    public enum Reason: Hashable, Sendable {
        case missing
        case sizeMatches
        case checksumMatches
        /// Sizes match but the source has no usable MD5 (for example a multipart ETag).
        case unverified
        case checksumsPending
        case sizeDiffers(local: Int64, source: Int64)
        case checksumDiffers(local: MD5Digest, source: MD5Digest)
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
        case .unverified: return "size matches; source has no MD5 to compare"
        case .checksumsPending: return "size matches; md5 to compare"
        case .sizeDiffers(let local, let source): return "size mismatch (local \(local) bytes, source \(source) bytes)"
        case .checksumDiffers(let local, let source): return "md5 mismatch (local \(local.hex), source \(source.hex))"
        }
    }
}
