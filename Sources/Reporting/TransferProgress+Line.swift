import Transfer

extension TransferProgress.Snapshot {
    /// One line for a terminal: `1234/20000 objects  45.6 MB/656.3 MB  120.0 MB/s  ETA 0:12`. While
    /// the listing is still arriving the totals read `20000+` and there is no estimate.
    ///
    /// - Parameter elapsed: time since the copy began, for the rate and the estimate.
    public func line(elapsed: Duration) -> String {
        let seconds = elapsed.seconds
        let more = totalsFinal ? "" : "+"
        var text = "\(objectsDone)/\(objectsTotal)\(more) objects  \(Formatting.bytes(bytesTransferred))/\(Formatting.bytes(bytesTotal))\(more)"
        if seconds > 0.5 {
            text += "  " + Formatting.rate(bytes: bytesTransferred, seconds: seconds)
            if totalsFinal, bytesTransferred > 0, bytesTotal > bytesTransferred {
                let remaining = Double(bytesTotal - bytesTransferred) / (Double(bytesTransferred) / seconds)
                text += "  ETA " + Formatting.clock(Int(remaining.rounded(.up)))
            }
        }
        if inFlight > 0 { text += "  (\(inFlight) in flight)" }
        return text
    }
}
