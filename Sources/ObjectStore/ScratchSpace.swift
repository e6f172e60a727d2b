/// Where a run keeps working data that does not fit its memory budget (the spilled runs of the copy
/// queue): private files without a name, gone when they are released or the process ends.
///
/// Not a store of objects: nothing here is ever listed, copied or kept.
public protocol ScratchSpace: Sendable {
    /// A new empty scratch file.
    ///
    /// #### Errors
    /// `noSpace`, `accessDenied`, `readOnly`, `resourceLimit`, `io`.
    func makeScratchFile() throws -> any ScratchFile
}

/// One scratch file: written and read at offsets, removed when the last reference goes.
public protocol ScratchFile: AnyObject, Sendable {
    /// Writes all of `bytes` at `offset`.
    ///
    /// #### Errors
    /// `noSpace`, `io`.
    func write(_ bytes: UnsafeRawBufferPointer, at offset: Int64) throws

    /// Reads up to `buffer.count` bytes from `offset`; fewer only at the end of the file.
    ///
    /// #### Errors
    /// `io`.
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) throws -> Int
}
