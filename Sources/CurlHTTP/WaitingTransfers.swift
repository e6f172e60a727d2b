/// Transfers waiting for a connection of their loop, first in, first out (loop thread only).
///
/// An array read from a moving head: taking the next transfer costs nothing, and the storage is
/// compacted once the taken part outgrows the rest.
struct WaitingTransfers {
    private var transfers: [CurlTransfer] = []
    private var head = 0

    mutating func append(_ transfer: CurlTransfer) {
        transfers.append(transfer)
    }

    /// Takes the transfer that has waited longest.
    mutating func popFirst() -> CurlTransfer? {
        guard head < transfers.count else { return nil }
        let transfer = transfers[head]
        head += 1
        if head == transfers.count {
            transfers.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 64, head * 2 >= transfers.count {
            transfers.removeFirst(head)
            head = 0
        }
        return transfer
    }

    /// Takes `transfer` out of the queue; `false` if it is not waiting.
    mutating func remove(_ transfer: CurlTransfer) -> Bool {
        guard let index = transfers[head...].firstIndex(where: { $0 === transfer }) else { return false }
        transfers.remove(at: index)
        return true
    }

    /// Takes every waiting transfer.
    mutating func removeAll() -> [CurlTransfer] {
        defer {
            transfers.removeAll()
            head = 0
        }
        return Array(transfers[head...])
    }
}
