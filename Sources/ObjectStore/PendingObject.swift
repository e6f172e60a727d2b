/// A write in progress: an object being created that nobody can see yet.
///
/// A store's ``ObjectStore/create(_:options:)`` opens one. Bytes are written at offsets (in any order,
/// from any thread, possibly concurrently for disjoint ranges); then exactly one of ``commit()`` or
/// ``abort()`` ends it. Until ``commit()`` returns, no reader of the store sees the object, nor any
/// part of it, under its key; an existing object under that key stays as it was.
public protocol PendingObject: ByteSink, Sendable {
    /// The key the object will have once committed.
    var key: ObjectKey { get }

    /// Makes the object visible under its key, whole and at once.
    ///
    /// - Throws: ``ObjectStoreError`` with `collision` (a directory, or a file where a directory is
    ///   needed, holds the name), `corrupt` (the bytes written do not add up to the object's size),
    ///   `alreadyExists` (an object appeared and replacing was not allowed),
    ///   `noSpace`, `readOnly`, `io`. After a failed commit nothing is left behind.
    func commit() async throws

    /// Throws the written bytes away. Never fails; calling it after a failed commit is harmless.
    func abort() async
}

/// How ``ObjectStore/create(_:options:)`` treats an object that already exists under the key.
public struct CreateOptions: Hashable, Sendable {
    /// Whether ``PendingObject/commit()`` may replace an existing object. When `false`, a commit
    /// that finds one fails with `alreadyExists` and leaves it untouched.
    public var replaceExisting: Bool

    public init(replaceExisting: Bool = false) {
        self.replaceExisting = replaceExisting
    }
}
