import Digests
import TestSupport
import ObjectStore
import Testing

struct MD5SinkTests {
    static let contents = Array("The quick brown fox jumps over the lazy dog".utf8)

    @Test func hashesChunksReceivedInOrder() throws {
        let sink = MD5Sink()
        try sink.feed(Self.contents, chunks: [0..<4, 4..<10, 10..<10, 10..<43])
        #expect(sink.nextOffset == 43)
        #expect(sink.finalize().hex == "9e107d9d372bb6826bd81d3542a419d6")
    }

    @Test func forwardsEveryChunkDownstreamAtItsOffset() throws {
        let downstream = CollectingSink()
        let sink = MD5Sink(forwardingTo: downstream)
        try sink.feed(Self.contents, chunks: [0..<20, 20..<43])
        #expect(downstream.offsets == [0, 20])
        #expect(downstream.bytes == Self.contents)
        #expect(sink.finalize() == MD5Hasher.digest(Self.contents))
    }

    @Test func startsAtTheGivenOffset() throws {
        let sink = MD5Sink(startOffset: 10)
        try sink.feed(Self.contents, chunks: [10..<43])
        #expect(sink.finalize() == MD5Hasher.digest(Self.contents[10...]))
    }

    @Test(arguments: [
        [0..<10, 20..<30],  // a gap
        [10..<20],  // not starting at the start
        [0..<10, 5..<15],  // an overlap
        [0..<10, 10..<20, 0..<10],  // going back
    ] as [[Range<Int>]])
    func outOfOrderBytesAreCorrupt(chunks: [Range<Int>]) {
        let sink = MD5Sink()
        let error = #expect(throws: ObjectStoreError.self) {
            try sink.feed(Self.contents, chunks: chunks)
        }
        #expect(error?.code == .corrupt)
    }

    @Test func downstreamErrorsPropagateUnchanged() {
        struct Refused: Error, Equatable {}
        let sink = MD5Sink(forwardingTo: ThrowingSink(Refused()))
        #expect(throws: Refused()) {
            try sink.feed(Self.contents, chunks: [0..<5])
        }
    }
}
