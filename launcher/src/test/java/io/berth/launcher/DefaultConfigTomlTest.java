package io.berth.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefaultConfigTomlTest {
    @TempDir
    Path bundles;

    /** As bnd writes it: a namespaced root, OCD and Designate without prefix. */
    private static final String GRPC_AND_DAEMON = """
            <?xml version="1.0" encoding="UTF-8"?>
            <metatype:MetaData xmlns:metatype="http://www.osgi.org/xmlns/metatype/v1.4.0" localization="en">
              <OCD id="io.berth.grpc.GrpcConfig" name="gRPC">
                <AD id="address" type="String" default="/run/berth/berth.sock" description="The socket to serve on."/>
                <AD id="max.recv.message.size" type="Integer" default="16777216"/>
                <AD id="tcp.tls.ciphers" type="String" cardinality="2147483647" default="a,b\\,c" description="Ciphers,&#10;in order."/>
              </OCD>
              <Designate pid="io.berth.grpc"><Object ocdref="io.berth.grpc.GrpcConfig"/></Designate>
              <OCD id="daemon" name="Daemon">
                <AD id="version" type="Integer" default="3"/>
                <AD id="root" type="String" default="/var/lib/berth" description="Persistent data."/>
                <AD id="oom.score" type="Integer"/>
              </OCD>
              <Designate pid="io.berth.daemon"><Object ocdref="daemon"/></Designate>
            </metatype:MetaData>
            """;

    /** Another metatype namespace version, and a default namespace instead of a prefix. */
    private static final String OVERLAY = """
            <MetaData xmlns="http://www.osgi.org/xmlns/metatype/v1.3.0">
              <OCD id="overlay" name="Overlay">
                <AD id="root.path" type="String" description="Empty: under the root."/>
                <AD id="volatile.upper" type="Boolean" default="true"/>
                <AD id="ratio" type="Double" default="1"/>
                <AD id="quote" type="String" default="say &quot;hi&quot;\\\\"/>
                <AD id="sizes" type="Long" cardinality="-10"/>
              </OCD>
              <Designate pid="io.containerd.snapshotter.v1.overlayfs"><Object ocdref="overlay"/></Designate>
              <Designate factoryPid="io.berth.factory"><Object ocdref="overlay"/></Designate>
            </MetaData>
            """;

    private static final String DEBUG = """
            <metatype:MetaData xmlns:metatype="http://www.osgi.org/xmlns/metatype/v1.4.0">
              <OCD id="debug" name="Debug"><AD id="level" type="String" default="info"/></OCD>
              <Designate pid="io.berth.debug"><Object ocdref="debug"/></Designate>
              <OCD id="cri" name="CRI"><AD id="sandbox.image" type="String" default="pause:3.10"/></OCD>
              <Designate pid="io.containerd.grpc.v1.cri"><Object ocdref="cri"/></Designate>
            </metatype:MetaData>
            """;

    @Test
    void printsTheMetatypeOfEveryBundleAsConfigToml() throws IOException {
        metatypeJar("a.jar", Map.of("OSGI-INF/metatype/io.berth.grpc.xml", GRPC_AND_DAEMON,
                "OSGI-INF/metatype/overlay.xml", OVERLAY));
        metatypeJar("b.jar", Map.of("OSGI-INF/metatype/debug.xml", DEBUG, "OSGI-INF/other/ignored.xml", "not xml"));

        assertEquals("""
                version = 3
                # Persistent data.
                root = "/var/lib/berth"
                oom_score = 0

                [debug]
                level = "info"

                [grpc]
                # The socket to serve on.
                address = "/run/berth/berth.sock"
                max_recv_message_size = 16777216
                # Ciphers,
                # in order.
                tcp_tls_ciphers = ["a", "b,c"]

                [plugins."io.containerd.grpc.v1.cri"]
                sandbox_image = "pause:3.10"

                [plugins."io.containerd.snapshotter.v1.overlayfs"]
                # Empty: under the root.
                root_path = ""
                volatile_upper = true
                ratio = 1.0
                quote = "say \\"hi\\"\\\\"
                sizes = []
                """, DefaultConfigToml.render(MetatypeReader.read(bundles)));
    }

    @Test
    void theFirstJarToDesignateAPidWins() throws IOException {
        metatypeJar("a.jar", Map.of("OSGI-INF/metatype/debug.xml", DEBUG));
        metatypeJar("b.jar", Map.of("OSGI-INF/metatype/debug.xml", DEBUG.replace("\"info\"", "\"warn\"")));
        assertTrue(DefaultConfigToml.render(MetatypeReader.read(bundles)).contains("level = \"info\""));
    }

    @Test
    void withoutBundlesOnlyTheVersionIsPrinted() throws IOException {
        assertEquals("version = 3\n", DefaultConfigToml.render(MetatypeReader.read(bundles)));
    }

    @Test
    void aBrokenMetatypeFileNamesTheJarAndEntry() throws IOException {
        metatypeJar("bad.jar", Map.of("OSGI-INF/metatype/x.xml", "<MetaData><OCD"));
        IOException error = assertThrows(IOException.class, () -> MetatypeReader.read(bundles));
        assertTrue(error.getMessage().contains("bad.jar!/OSGI-INF/metatype/x.xml"), error.getMessage());
    }

    @Test
    void defaultValuesSplitOnUnescapedCommasOnlyWhenMultiple() {
        assertEquals(List.of("a", "b,c", "d\\"), MetatypeReader.values("a,b\\,c,d\\\\", true));
        assertEquals(List.of(), MetatypeReader.values("", true));
        assertEquals(List.of("a,b"), MetatypeReader.values("a\\,b", false));
    }

    private void metatypeJar(String name, Map<String, String> entries) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        TestJars.jar(bundles.resolve(name), manifest, entries);
    }
}
