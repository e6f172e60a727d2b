import Foundation
import ObjectStore
@testable import S3Backend
import TestSupport
import Testing

/// The shared-file format: sections, comments, nesting, and the two files' section names.
struct CredentialProfileFileTests {
    @Test func credentialsFileSectionsAreProfiles() throws {
        let text = """
            # a comment
            ; another
            [default]
            aws_access_key_id = AKIDDEFAULT
            AWS_Secret_Access_Key=secretdefault

            [profile dev]
            aws_access_key_id = AKIDDEV
            """
        let file = try ProfileFile.parse(text, kind: .credentials, displayPath: "~/.aws/credentials")
        #expect(file.profiles["default"]?["aws_access_key_id"] == "AKIDDEFAULT")
        #expect(file.profiles["default"]?["aws_secret_access_key"] == "secretdefault")
        // In the credentials file the section name is the whole profile name.
        #expect(file.profiles["profile dev"]?["aws_access_key_id"] == "AKIDDEV")
        #expect(file.profiles["dev"] == nil)
    }

    @Test func configFileUsesProfilePrefix() throws {
        let text = """
            [default]
            region = us-east-1
            [profile dev]
            region = eu-west-1
            [profile   spaced  ]
            region = ap-south-1
            [dev]
            region = ignored-without-prefix
            [sso-session corp]
            sso_region = us-east-1
            [profileX]
            region = ignored
            """
        let file = try ProfileFile.parse(text, kind: .config, displayPath: "~/.aws/config")
        #expect(file.profiles["default"]?["region"] == "us-east-1")
        #expect(file.profiles["dev"]?["region"] == "eu-west-1")
        #expect(file.profiles["spaced"]?["region"] == "ap-south-1")
        #expect(Set(file.profiles.keys) == ["default", "dev", "spaced"])
    }

    @Test func commentsNestingAndContinuations() throws {
        let text = "[profile dev]   # trailing comment\r\n"
            + "region = eu-west-1 ; inline comment\r\n"
            + "key_with_hash = abc#def\n"
            + "s3 =\n"
            + "  endpoint_url = http://127.0.0.1:9000\n"
            + "  addressing_style = path\n"
            + "long = first\n"
            + "  second\n"
        let file = try ProfileFile.parse(text, kind: .config, displayPath: "config")
        let profile = try #require(file.profiles["dev"])
        #expect(profile["region"] == "eu-west-1")
        #expect(profile["key_with_hash"] == "abc#def")
        #expect(profile.subProperties["s3"] == ["endpoint_url": "http://127.0.0.1:9000", "addressing_style": "path"])
        #expect(profile["long"] == "first\nsecond")
    }

    @Test func servicesSections() throws {
        let text = """
            [profile dev]
            services = local
            endpoint_url = https://profile.example
            [services local]
            s3 =
              endpoint_url = http://127.0.0.1:9000
            """
        let file = try ProfileFile.parse(text, kind: .config, displayPath: "config")
        #expect(file.services["local"]?.subProperties["s3"]?["endpoint_url"] == "http://127.0.0.1:9000")
    }

    /// Broken lines are reported by number, and the line itself (maybe a pasted secret) is not quoted.
    @Test(arguments: [
        ("[default]\nwJalrXUtnFEMISECRETKEY\n", 2),
        ("aws_access_key_id = AKID\n", 1),
        ("[default\n", 1),
        ("[]\n", 1),
        ("[default] junk\n", 1),
        ("[default]\n = value\n", 2),
    ])
    func malformedLines(text: String, line: Int) async {
        let error = await expectFailure(.misconfigured) {
            try ProfileFile.parse(text, kind: .credentials, displayPath: "~/.aws/credentials")
        }
        #expect(error?.message.contains("line \(line)") == true)
        #expect(error?.message.contains("SECRET") == false)
    }

    @Test func laterDuplicatesWin() throws {
        let text = "[default]\nregion = a\n[default]\nregion = b\nother = c\n"
        let file = try ProfileFile.parse(text, kind: .credentials, displayPath: "c")
        #expect(file.profiles["default"]?["region"] == "b")
        #expect(file.profiles["default"]?["other"] == "c")
    }
}
