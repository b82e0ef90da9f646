/// Where the GIC that Xen drives is recognised: the DT match tables of
/// xen/arch/arm/gic-v2.c (`DT_COMPAT_GIC_400`, `…_CORTEX_A15`, `…_CORTEX_A7`) and gic-v3.c.
public enum GICCompatibles {
    /// The compatibles.
    public static let all: Set<String> = ["arm,gic-400", "arm,cortex-a15-gic", "arm,cortex-a7-gic", "arm,gic-v3"]
}
