import CurlHTTP
import ObjectStore

extension S3Store {
    /// The largest object ``create(_:options:)`` takes: it is buffered in memory and sent with one
    /// PutObject (multipart uploads are not implemented; s3clone's command line writes to local
    /// directories only).
    public static let maximumUploadSize: Int64 = 64 << 20

    /// See ``ObjectStore/create(_:options:)``: the bytes are kept in memory and sent with one
    /// PutObject on commit, which S3 makes visible at once and whole. Without `replaceExisting` the
    /// PUT carries `If-None-Match: *`, so an object that appeared meanwhile is never replaced.
    ///
    /// #### Errors
    /// `unsupported` for objects over ``maximumUploadSize``; on commit, `alreadyExists`, `corrupt`
    /// (the bytes do not add up to the declared size), and the S3 and network errors of any request.
    public func create(_ object: ObjectInfo, options: CreateOptions) async throws -> any PendingObject {
        guard object.size <= Self.maximumUploadSize else {
            throw ObjectStoreError(.unsupported, "uploads over \(Self.maximumUploadSize >> 20) MiB are not supported", key: object.key)
        }
        try Task.checkCancellation()
        return S3PendingObject(store: self, object: object, replaceExisting: options.replaceExisting)
    }

    /// Sends one object with PutObject.
    func upload(_ object: ObjectInfo, bytes: [UInt8], replaceExisting: Bool) async throws {
        let name = fullKey(object.key)
        do {
            _ = try await sendSmall(key: object.key) { region in
                var request = configuration.endpoint.request("PUT", bucket: configuration.bucket, region: region, key: name)
                request.body = bytes
                request.setHeader("Content-Type", "application/octet-stream")
                if !replaceExisting { request.setHeader("If-None-Match", "*") }
                return request
            }
        } catch let error as ObjectStoreError where error.code == .preconditionFailed {
            throw ObjectStoreError(.alreadyExists, "an object appeared under this key", key: object.key, cause: error.cause)
        }
    }
}
