import Foundation
import ObjectStore
@testable import S3Backend
import TestSupport
import Testing

/// Locating, merging and querying both files.
struct CredentialSharedConfigTests {
    @Test func locatesFilesUnderHomeOrOverrides() {
        let plain = SharedConfig(locatingIn: ["HOME": "/home/u"])
        #expect(plain.credentialsFilePath == "/home/u/.aws/credentials")
        #expect(plain.configFilePath == "/home/u/.aws/config")
        #expect(plain.credentialsFileDisplayPath == "~/.aws/credentials")

        let overridden = SharedConfig(locatingIn: [
            "HOME": "/home/u", "AWS_SHARED_CREDENTIALS_FILE": "~/creds", "AWS_CONFIG_FILE": "/etc/aws-config",
        ])
        #expect(overridden.credentialsFilePath == "/home/u/creds")
        #expect(overridden.configFilePath == "/etc/aws-config")
        #expect(overridden.configFileDisplayPath == "/etc/aws-config")

        let homeless = SharedConfig(locatingIn: [:])
        #expect(homeless.credentialsFilePath == nil)
        #expect(SharedConfig(locatingIn: ["HOME": "/ignored"], home: "/given").configFilePath == "/given/.aws/config")
    }

    @Test func credentialsFileWinsOverConfigFile() throws {
        let home = TemporaryDirectory("creds-merge")
        home.write(".aws/config", "[profile dev]\nregion = eu-west-1\naws_access_key_id = FROMCONFIG\n")
        home.write(".aws/credentials", "[dev]\naws_access_key_id = FROMCREDENTIALS\n")
        let config = try SharedConfig.load(environment: ["HOME": home.path])
        let dev = try #require(config.profile("dev"))
        #expect(dev["aws_access_key_id"] == "FROMCREDENTIALS")
        #expect(dev["region"] == "eu-west-1")
        #expect(config.profile("missing") == nil)
    }

    @Test func missingFilesAreEmpty() throws {
        let home = TemporaryDirectory("creds-empty")
        let config = try SharedConfig.load(environment: ["HOME": home.path])
        #expect(config.profile("default") == nil)
        #expect(config.region(profile: "default") == nil)
    }

    @Test func regionAndEndpoints() throws {
        let home = TemporaryDirectory("creds-region")
        home.write(".aws/config", """
            [default]
            region = us-west-2
            endpoint_url = https://default.example
            [profile local]
            region = eu-central-1
            services = minio
            [profile ignoring]
            endpoint_url = https://ignored.example
            ignore_configured_endpoint_urls = true
            [services minio]
            s3 =
              endpoint_url = http://127.0.0.1:9000
            """)
        let config = try SharedConfig.load(environment: ["HOME": home.path])
        #expect(config.region(profile: "default") == "us-west-2")
        #expect(config.region(profile: "local") == "eu-central-1")
        #expect(config.region(profile: "missing") == nil)
        #expect(config.endpointURL(service: "s3", profile: "local") == "http://127.0.0.1:9000")
        #expect(config.endpointURL(service: "sts", profile: "local") == nil)
        #expect(config.endpointURL(service: "s3", profile: "default") == "https://default.example")
        #expect(config.endpointURL(service: "s3", profile: "ignoring") == nil)
    }

    @Test func environmentHelpers() {
        let environment = [
            "AWS_DEFAULT_REGION": "eu-west-1", "AWS_ENDPOINT_URL": "http://127.0.0.1:1",
            "AWS_ENDPOINT_URL_STS": "http://127.0.0.1:2", "EMPTY": "",
        ]
        #expect(AWSEnvironment.region(in: environment) == "eu-west-1")
        #expect(AWSEnvironment.region(in: environment.merging(["AWS_REGION": "us-east-2"]) { $1 }) == "us-east-2")
        #expect(AWSEnvironment.endpointURL(service: "STS", in: environment) == "http://127.0.0.1:2")
        #expect(AWSEnvironment.endpointURL(service: "S3", in: environment) == "http://127.0.0.1:1")
        #expect(AWSEnvironment.endpointURL(
            service: "S3", in: environment.merging(["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "TRUE"]) { $1 }) == nil)
        #expect(AWSEnvironment.value("EMPTY", in: environment) == nil)
    }

    @Test func profileSelection() {
        #expect(ProfileSelection(option: nil, environment: [:]) == ProfileSelection(name: "default", isExplicit: false))
        #expect(ProfileSelection(option: nil, environment: ["AWS_PROFILE": "env"]).name == "env")
        #expect(ProfileSelection(option: nil, environment: ["AWS_DEFAULT_PROFILE": "old"]).name == "old")
        let fromFlag = ProfileSelection(option: "flag", environment: ["AWS_PROFILE": "env"])
        #expect(fromFlag.name == "flag")
        #expect(fromFlag.isExplicit && fromFlag.isFromOption)
        #expect(ProfileSelection(option: nil, environment: ["AWS_PROFILE": "env"]).isFromOption == false)
    }
}
