package io.berth.cli.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.rpc.Status;
import io.berth.proto.containerd.services.introspection.v1.Plugin;
import org.junit.jupiter.api.Test;

class PluginStatusTest {
    @Test
    void pluginWithoutInitErrorIsOk() {
        assertEquals("ok", PluginStatus.of(Plugin.newBuilder().setId("content").build()));
    }

    @Test
    void initErrorMentioningSkipPluginIsSkip() {
        assertEquals("skip", PluginStatus.of(failed(9, "no btrfs here: skip plugin")));
    }

    @Test
    void anyOtherInitErrorIsError() {
        assertEquals("error", PluginStatus.of(failed(2, "failed to load cni configuration")));
    }

    @Test
    void emptyInitErrorStillCountsAsError() {
        // ctr looks at whether init_err is set, not at its contents.
        assertEquals("error", PluginStatus.of(Plugin.newBuilder().setInitErr(Status.getDefaultInstance()).build()));
    }

    private static Plugin failed(int code, String message) {
        return Plugin.newBuilder().setInitErr(Status.newBuilder().setCode(code).setMessage(message)).build();
    }
}
