/// Where a read pushes the bytes of an object.
///
/// Reads push, sinks receive: the bytes arrive straight from the producer's buffer (a curl receive
/// buffer, a file read buffer) and the sink must use them before it returns; they are not kept.
public protocol ByteSink: AnyObject {
    /// Receives `bytes`, which belong at `offset` of the object.
    ///
    /// - Throws: any error stops the read; a store's read rethrows it unchanged.
    func write(_ bytes: UnsafeRawBufferPointer, at offset: Int64) throws
}
