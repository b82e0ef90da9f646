// XenPT layer: the product. Manifest/ is the only folder that imports Yams; nothing here
// prints; everything returns values and diagnostics.

/// Facts about this build of xenpt.
public enum XenPTTool {
    /// The version written into every artifact header.
    public static let version = "0.1.0"
}
