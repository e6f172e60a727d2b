import Foundation
import Testing

@Suite("s3clone's memory footprint")
struct FootprintTests {
    /// All of Foundation (with its ICU data) adds about 6 MiB to the resident memory of every run;
    /// the libraries import FoundationEssentials only. A dynamically linked build names each
    /// library it needs in its dynamic section, so the names must not be among its bytes.
    @Test("the executable links FoundationEssentials, not all of Foundation")
    func noFullFoundation() throws {
        let binary = try Data(contentsOf: URL(fileURLWithPath: S3CloneBinary.path))
        #expect(binary.range(of: Data("libFoundationEssentials.so".utf8)) != nil, "not a dynamically linked build?")
        for library in ["libFoundation.so", "libFoundationInternationalization.so", "lib_FoundationICU.so"] {
            #expect(binary.range(of: Data((library + "\0").utf8)) == nil, "s3clone links \(library)")
        }
    }
}
