/// Where a read pushes the bytes of an object.
///
/// Reads push, sinks receive: the bytes arrive straight from the producer's buffer (a curl receive
/// buffer, a file read buffer) and the sink must use them before it returns; they are not kept.
public protocol ByteSink: AnyObject {
    /// Receives `bytes`, which belong at `offset` of the object.
    ///
    /// - Throws: any error stops the read; a store's read rethrows it unchanged.
    func write(_ bytes: UnsafeRawBufferPointer, at offset: Int64) throws

    /// Takes `count` bytes straight from the open file `descriptor` (from `sourceOffset` on) and
    /// places them at `offset`, without passing them through memory the caller owns: an in-kernel
    /// copy when both ends are local files.
    ///
    /// A reader that holds a file may offer its bytes this way first; a sink that cannot take them
    /// so (it must see the bytes, or is not a file) returns `false` and the reader falls back to
    /// ``write(_:at:)``. The default returns `false`.
    ///
    /// - Returns: whether the bytes were taken; `false` only when none were.
    /// - Throws: a write failure, as ``write(_:at:)``; `sourceChanged` when the file ends early.
    func copy(fromFile descriptor: Int32, at sourceOffset: Int64, count: Int, to offset: Int64) throws -> Bool
}

extension ByteSink {
    public func copy(fromFile descriptor: Int32, at sourceOffset: Int64, count: Int, to offset: Int64) throws -> Bool {
        false
    }
}
