/// One page of a listing read in lanes (``ObjectStore/listInLanes(prefix:lanes:)``).
///
/// A lane is one ordered sub-listing: its pages arrive in order, and its keys in ascending byte
/// order, but pages of different lanes interleave. Lanes split the key space so that a key and the
/// keys of its folder (`a` and `a/...`) are always in one lane, or the folder is announced in
/// the key's lane (``folders``) where its keys are listed by another.
public struct ListingPage: Sendable, Hashable {
    /// Which lane the page belongs to (0 for a store that lists in one chain).
    public var lane: Int
    /// The page's objects, in ascending key order.
    public var objects: [ObjectInfo]
    /// Folders (keys without the trailing `/`) that hold keys listed in other lanes, in key order
    /// among ``objects``: a key of one of these names clashes with that folder.
    public var folders: [ObjectKey]
    /// The last page of its lane: no key of that lane follows.
    public var endsLane: Bool

    public init(lane: Int = 0, objects: [ObjectInfo], folders: [ObjectKey] = [], endsLane: Bool = false) {
        self.lane = lane
        self.objects = objects
        self.folders = folders
        self.endsLane = endsLane
    }
}

/// A listing in lanes: pages of several ordered sub-listings as they come.
public typealias LanedListing = AsyncThrowingStream<ListingPage, any Error>
