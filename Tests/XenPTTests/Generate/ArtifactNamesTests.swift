import Foundation
import Testing
import XenPT
import XenPTTestSupport

/// `ArtifactBuilder.fileNames` is what the output folder may replace or remove: it must list
/// every name a build produces, and nothing else.
@Suite struct ArtifactNamesTests {
    @Test func fileNamesAreExactlyTheNamesTheExamplesProduce() throws {
        let workspace = WorkspaceLoader(schemaRoot: packageRoot.appendingPathComponent("schemas").path)
            .load(paths: [packageRoot.appendingPathComponent("examples").path])
        let artifacts = try ArtifactBuilder.build(workspace.planAll()).get()
        // zcu102's serial guest is dom0less, so the examples together produce every kind of file.
        #expect(Set(artifacts.map { PathNormalizer.basename(of: $0.path) }) == ArtifactBuilder.fileNames)
    }
}
