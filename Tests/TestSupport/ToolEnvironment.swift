import Foundation

/// The environment the end-to-end tests give s3clone: a home of their own (no ~/.aws of the
/// machine), no EC2 instance metadata (nothing may leave the loopback interface), and, unless
/// told otherwise, test credentials.
public enum ToolEnvironment {
    public static func make(home: String, accessKeyID: String? = "AKIDTEST", secret: String = "test-secret") -> [String: String] {
        var environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": home,
                           "AWS_EC2_METADATA_DISABLED": "true"]
        if let accessKeyID {
            environment["AWS_ACCESS_KEY_ID"] = accessKeyID
            environment["AWS_SECRET_ACCESS_KEY"] = secret
        }
        return environment
    }
}
