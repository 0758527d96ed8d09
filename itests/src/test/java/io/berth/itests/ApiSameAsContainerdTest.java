package io.berth.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.FieldMask;
import com.google.protobuf.Message;

import io.berth.cli.UnixChannels;
import io.berth.itests.support.ApiAnswers;
import io.berth.itests.support.ContainerdProcess;
import io.berth.itests.support.ContentClient;
import io.berth.itests.support.DaemonProcess;
import io.berth.itests.support.Namespaced;
import io.berth.proto.containerd.services.containers.v1.Container;
import io.berth.proto.containerd.services.containers.v1.ContainersGrpc;
import io.berth.proto.containerd.services.containers.v1.CreateContainerRequest;
import io.berth.proto.containerd.services.containers.v1.DeleteContainerRequest;
import io.berth.proto.containerd.services.containers.v1.GetContainerRequest;
import io.berth.proto.containerd.services.containers.v1.ListContainersRequest;
import io.berth.proto.containerd.services.containers.v1.ListContainersResponse;
import io.berth.proto.containerd.services.containers.v1.UpdateContainerRequest;
import io.berth.proto.containerd.services.content.v1.AbortRequest;
import io.berth.proto.containerd.services.content.v1.ContentGrpc;
import io.berth.proto.containerd.services.content.v1.DeleteContentRequest;
import io.berth.proto.containerd.services.content.v1.InfoRequest;
import io.berth.proto.containerd.services.content.v1.ListStatusesRequest;
import io.berth.proto.containerd.services.content.v1.ListContentRequest;
import io.berth.proto.containerd.services.content.v1.ListContentResponse;
import io.berth.proto.containerd.services.content.v1.ListStatusesResponse;
import io.berth.proto.containerd.services.content.v1.ReadContentRequest;
import io.berth.proto.containerd.services.content.v1.ReadContentResponse;
import io.berth.proto.containerd.services.content.v1.StatusRequest;
import io.berth.proto.containerd.services.content.v1.UpdateRequest;
import io.berth.proto.containerd.services.content.v1.WriteAction;
import io.berth.proto.containerd.services.content.v1.WriteContentRequest;
import io.berth.proto.containerd.services.events.v1.EventsGrpc;
import io.berth.proto.containerd.services.events.v1.ForwardRequest;
import io.berth.proto.containerd.services.events.v1.PublishRequest;
import io.berth.proto.containerd.services.images.v1.CreateImageRequest;
import io.berth.proto.containerd.services.images.v1.DeleteImageRequest;
import io.berth.proto.containerd.services.images.v1.GetImageRequest;
import io.berth.proto.containerd.services.images.v1.Image;
import io.berth.proto.containerd.services.images.v1.ImagesGrpc;
import io.berth.proto.containerd.services.images.v1.ListImagesRequest;
import io.berth.proto.containerd.services.images.v1.UpdateImageRequest;
import io.berth.proto.containerd.services.leases.v1.AddResourceRequest;
import io.berth.proto.containerd.services.leases.v1.CreateRequest;
import io.berth.proto.containerd.services.leases.v1.DeleteRequest;
import io.berth.proto.containerd.services.leases.v1.DeleteResourceRequest;
import io.berth.proto.containerd.services.leases.v1.LeasesGrpc;
import io.berth.proto.containerd.services.leases.v1.ListRequest;
import io.berth.proto.containerd.services.leases.v1.ListResourcesRequest;
import io.berth.proto.containerd.services.leases.v1.Resource;
import io.berth.proto.containerd.services.namespaces.v1.CreateNamespaceRequest;
import io.berth.proto.containerd.services.namespaces.v1.DeleteNamespaceRequest;
import io.berth.proto.containerd.services.namespaces.v1.GetNamespaceRequest;
import io.berth.proto.containerd.services.namespaces.v1.ListNamespacesRequest;
import io.berth.proto.containerd.services.namespaces.v1.Namespace;
import io.berth.proto.containerd.services.namespaces.v1.NamespacesGrpc;
import io.berth.proto.containerd.services.namespaces.v1.UpdateNamespaceRequest;
import io.berth.proto.containerd.services.snapshots.v1.CommitSnapshotRequest;
import io.berth.proto.containerd.services.snapshots.v1.Info;
import io.berth.proto.containerd.services.snapshots.v1.Kind;
import io.berth.proto.containerd.services.snapshots.v1.ListSnapshotsRequest;
import io.berth.proto.containerd.services.snapshots.v1.ListSnapshotsResponse;
import io.berth.proto.containerd.services.snapshots.v1.MountsRequest;
import io.berth.proto.containerd.services.snapshots.v1.PrepareSnapshotRequest;
import io.berth.proto.containerd.services.snapshots.v1.RemoveSnapshotRequest;
import io.berth.proto.containerd.services.snapshots.v1.SnapshotsGrpc;
import io.berth.proto.containerd.services.snapshots.v1.StatSnapshotRequest;
import io.berth.proto.containerd.services.snapshots.v1.UpdateSnapshotRequest;
import io.berth.proto.containerd.services.snapshots.v1.UsageRequest;
import io.berth.proto.containerd.services.snapshots.v1.ViewSnapshotRequest;
import io.berth.proto.containerd.services.tasks.v1.DeleteTaskRequest;
import io.berth.proto.containerd.services.tasks.v1.GetRequest;
import io.berth.proto.containerd.services.tasks.v1.KillRequest;
import io.berth.proto.containerd.services.tasks.v1.ListPidsRequest;
import io.berth.proto.containerd.services.tasks.v1.ListTasksRequest;
import io.berth.proto.containerd.services.tasks.v1.MetricsRequest;
import io.berth.proto.containerd.services.tasks.v1.TasksGrpc;
import io.berth.proto.containerd.services.tasks.v1.WaitRequest;
import io.berth.proto.containerd.types.Descriptor;
import io.berth.proto.containerd.types.Envelope;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;

/**
 * containerd's gRPC API, called as its Go client calls it, answers the same from Debian's containerd and from
 * berthd: the same messages (times masked, each daemon's root read as ROOT), or the same code and description. The
 * calls are those ctr does not make, or not in these forms: lease resources, ingest statuses, Write streams as
 * containerd's remote writer drives them, snapshot updates, field paths and filters, and the refusals of each.
 * Not here: refusals of malformed requests (a filter or an expected digest that does not parse, a field that cannot
 * be updated or is missing), which berthd words its own way, mostly with the same code.
 */
class ApiSameAsContainerdTest {
    private static final String NAMESPACE = "default";
    private static final String NO_DIGEST = "sha256:" + "0".repeat(64);
    private static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    private static final String GC_ROOT = "containerd.io/gc.root";
    private static final Pattern TIME = Pattern.compile("(created_at|updated_at|started_at) \\{[^}]*\\}");

    @TempDir
    Path dir;

    /** Every call in turn, by its label, with what it answered. */
    private static Map<String, String> calls(ManagedChannel channel, Path root) {
        // ctr sends a namespace with every call; containerd fails to publish a namespace event without one.
        var namespaces = Namespaced.stub(NamespacesGrpc.newBlockingStub(channel), NAMESPACE);
        var leases = Namespaced.stub(LeasesGrpc.newBlockingStub(channel), NAMESPACE);
        var content = Namespaced.stub(ContentGrpc.newBlockingStub(channel), NAMESPACE);
        var snapshots = Namespaced.stub(SnapshotsGrpc.newBlockingStub(channel), NAMESPACE);
        var images = Namespaced.stub(ImagesGrpc.newBlockingStub(channel), NAMESPACE);
        var containers = Namespaced.stub(ContainersGrpc.newBlockingStub(channel), NAMESPACE);
        var tasks = Namespaced.stub(TasksGrpc.newBlockingStub(channel), NAMESPACE);
        Map<String, String> answers = new LinkedHashMap<>();
        Recorder record = new Recorder(answers, root);

        record.call("namespaces create", () -> namespaces.create(CreateNamespaceRequest.newBuilder()
                .setNamespace(Namespace.newBuilder().setName("team-a").putLabels("tier", "gold")).build()));
        record.call("namespaces create again", () -> namespaces.create(CreateNamespaceRequest.newBuilder()
                .setNamespace(Namespace.newBuilder().setName("team-a")).build()));
        // containerd answers an update with an empty namespace; berthd with the namespace as it is now.
        record.codeOnly("namespaces update a label", () -> namespaces.update(UpdateNamespaceRequest.newBuilder()
                .setNamespace(Namespace.newBuilder().setName("team-a").putLabels("tier", "silver"))
                .setUpdateMask(FieldMask.newBuilder().addPaths("labels.tier")).build()));
        record.call("namespaces update a field that cannot change", () -> namespaces.update(
                UpdateNamespaceRequest.newBuilder().setNamespace(Namespace.newBuilder().setName("team-a"))
                        .setUpdateMask(FieldMask.newBuilder().addPaths("name")).build()));
        record.call("namespaces update all labels", () -> namespaces.update(UpdateNamespaceRequest.newBuilder()
                .setNamespace(Namespace.newBuilder().setName("team-a").putLabels("zone", "x"))
                .setUpdateMask(FieldMask.newBuilder().addPaths("labels")).build()));
        record.call("namespaces get", () -> namespaces.get(GetNamespaceRequest.newBuilder().setName("team-a").build()));
        record.call("namespaces list", () -> namespaces.list(ListNamespacesRequest.newBuilder()
                .setFilter("name==team-a").build()));
        record.call("namespaces delete", () -> namespaces.delete(DeleteNamespaceRequest.newBuilder()
                .setName("team-a").build()));
        record.call("namespaces delete missing", () -> namespaces.delete(DeleteNamespaceRequest.newBuilder()
                .setName("nope").build()));
        record.call("namespaces get missing", () -> namespaces.get(GetNamespaceRequest.newBuilder()
                .setName("nope").build()));
        record.call("namespaces list after get missing", () -> namespaces.list(ListNamespacesRequest.newBuilder()
                .setFilter("name==nope").build()));

        record.call("leases create", () -> leases.create(CreateRequest.newBuilder().setId("l1")
                .putLabels("owner", "test").build()));
        record.call("leases create again", () -> leases.create(CreateRequest.newBuilder().setId("l1").build()));
        Resource blob = Resource.newBuilder().setId(NO_DIGEST).setType("content").build();
        record.call("leases add a resource", () -> leases.addResource(AddResourceRequest.newBuilder()
                .setId("l1").setResource(blob).build()));
        record.call("leases add a resource of an unknown type", () -> leases.addResource(AddResourceRequest
                .newBuilder().setId("l1").setResource(Resource.newBuilder().setId("x").setType("nope")).build()));
        record.call("leases add a resource to a missing lease", () -> leases.addResource(AddResourceRequest
                .newBuilder().setId("nope").setResource(blob).build()));
        record.call("leases list resources", () -> leases.listResources(ListResourcesRequest.newBuilder()
                .setId("l1").build()));
        record.call("leases delete a resource", () -> leases.deleteResource(DeleteResourceRequest.newBuilder()
                .setId("l1").setResource(blob).build()));
        record.call("leases list resources after", () -> leases.listResources(ListResourcesRequest.newBuilder()
                .setId("l1").build()));
        record.call("leases list", () -> leases.list(ListRequest.newBuilder().addFilters("id==l1").build()));
        record.call("leases create bad id", () -> leases.create(CreateRequest.newBuilder().setId("a/b").build()));
        record.call("leases add a snapshot resource", () -> leases.addResource(AddResourceRequest.newBuilder()
                .setId("l1").setResource(Resource.newBuilder().setId("s1").setType("snapshots/overlayfs")).build()));
        record.call("leases add an ingest resource", () -> leases.addResource(AddResourceRequest.newBuilder()
                .setId("l1").setResource(Resource.newBuilder().setId("ref1").setType("ingests")).build()));
        record.call("leases list resources of both", () -> leases.listResources(ListResourcesRequest.newBuilder()
                .setId("l1").build()));
        record.call("leases list by a label", () -> leases.list(ListRequest.newBuilder()
                .addFilters("labels.owner==test").build()));
        // Each daemon makes up a random id of its own.
        record.codeOnly("leases create without an id", () -> leases.create(CreateRequest.getDefaultInstance()));
        // Malformed digests, ids and topic components are refused in berthd's own words.
        record.codeOnly("leases delete a resource it does not hold", () -> leases.deleteResource(
                DeleteResourceRequest.newBuilder().setId("l1").setResource(Resource.newBuilder().setId("none")
                        .setType("content")).build()));
        record.call("leases list resources of a missing lease", () -> leases.listResources(
                ListResourcesRequest.newBuilder().setId("nope").build()));
        record.call("leases delete", () -> leases.delete(DeleteRequest.newBuilder().setId("l1").build()));
        record.call("leases delete missing", () -> leases.delete(DeleteRequest.newBuilder().setId("l1").build()));

        var events = Namespaced.stub(EventsGrpc.newBlockingStub(channel), NAMESPACE);
        Any payload = Any.newBuilder().setTypeUrl("containerd.events.ContentDelete")
                .setValue(ByteString.copyFromUtf8("")).build();
        record.call("events publish", () -> events.publish(PublishRequest.newBuilder().setTopic("/test/one")
                .setEvent(payload).build()));
        record.call("events publish a malformed topic", () -> events.publish(PublishRequest.newBuilder()
                .setTopic("no-slash").setEvent(payload).build()));
        record.codeOnly("events forward to a bad namespace", () -> events.forward(ForwardRequest.newBuilder()
                .setEnvelope(Envelope.newBuilder().setNamespace("a/b").setTopic("/test/three").setEvent(payload)
                        .setTimestamp(com.google.protobuf.Timestamp.newBuilder().setSeconds(1)))
                .build()));

        record.call("content info missing", () -> content.info(InfoRequest.newBuilder().setDigest(NO_DIGEST).build()));
        record.call("content status missing", () -> content.status(StatusRequest.newBuilder().setRef("nope").build()));
        record.call("content list statuses", () -> content.listStatuses(ListStatusesRequest.getDefaultInstance()));
        record.call("content abort missing", () -> content.abort(AbortRequest.newBuilder().setRef("nope").build()));
        record.call("content delete missing", () -> content.delete(DeleteContentRequest.newBuilder()
                .setDigest(NO_DIGEST).build()));

        // Under a lease, as containerd's client writes: the collectors would otherwise take the blob at any moment.
        record.call("leases create for writes", () -> leases.create(CreateRequest.newBuilder().setId("writes")
                .build()));
        Metadata inLease = new Metadata();
        inLease.put(Metadata.Key.of("containerd-lease", Metadata.ASCII_STRING_MARSHALLER), "writes");
        var writes = new ContentClient(ClientInterceptors.intercept(channel,
                MetadataUtils.newAttachHeadersInterceptor(inLease)), NAMESPACE);
        String hello = digestOf("hello");
        record.call("content write stat of a new ref", () -> write(writes, stat("w1", 5, hello)));
        record.call("content status of a new ref", () -> content.status(StatusRequest.newBuilder()
                .setRef("w1").build()));
        record.call("content write part", () -> write(writes, stat("w1", 5, hello), data("w1", 0, "he")));
        record.call("content status of a part", () -> content.status(StatusRequest.newBuilder().setRef("w1").build()));
        record.call("content write the rest and commit", () -> write(writes, stat("w1", 5, hello),
                data("w1", 2, "llo"), commit("w1", 5, 5, hello)));
        record.call("content info of the commit", () -> content.info(InfoRequest.newBuilder()
                .setDigest(hello).build()));
        // containerd 2 refuses it at the first message that names the digest, Debian's 1.6 only at the commit.
        record.codeOnly("content write what exists", () -> write(writes, stat("w2", 5, hello),
                data("w2", 0, "hello"), commit("w2", 5, 5, hello)));
        record.call("content write a wrong digest", () -> write(writes, stat("w3", 5, digestOf("world")),
                data("w3", 0, "hello"), commit("w3", 5, 5, digestOf("world"))));
        record.call("content write a wrong size", () -> write(writes, stat("w4", 6, ""), data("w4", 0, "hello"),
                commit("w4", 5, 6, "")));
        record.call("content write without a ref", () -> write(writes, stat("", 5, hello)));
        record.call("content write at a wrong offset", () -> write(writes, stat("w5", 5, ""), data("w5", 3, "lo")));
        record.call("content list statuses after writes", () -> byRef(content.listStatuses(
                ListStatusesRequest.getDefaultInstance())));
        record.call("content update a label", () -> content.update(UpdateRequest.newBuilder()
                .setInfo(contentInfo(hello).putLabels("x", "1"))
                .setUpdateMask(FieldMask.newBuilder().addPaths("labels.x")).build()));
        record.call("content update without a mask", () -> content.update(UpdateRequest.newBuilder()
                .setInfo(contentInfo(hello).putLabels("y", "2")).build()));
        record.call("content update a field that cannot change", () -> content.update(UpdateRequest.newBuilder()
                .setInfo(contentInfo(hello).setSize(9)).setUpdateMask(FieldMask.newBuilder().addPaths("size"))
                .build()));
        record.call("content update missing", () -> content.update(UpdateRequest.newBuilder()
                .setInfo(contentInfo(NO_DIGEST).putLabels("x", "1"))
                .setUpdateMask(FieldMask.newBuilder().addPaths("labels.x")).build()));
        record.call("content list by a label", () -> {
            ListContentResponse.Builder all = ListContentResponse.newBuilder();
            content.list(ListContentRequest.newBuilder().addFilters("labels.y==2").build())
                    .forEachRemaining(batch -> all.addAllInfo(batch.getInfoList()));
            return all.build();
        });
        record.call("content read", () -> read(content, hello, 0, 0));
        record.call("content read a part", () -> read(content, hello, 1, 2));
        record.call("content read past the end", () -> read(content, hello, 10, 0));
        record.call("content read missing", () -> read(content, NO_DIGEST, 0, 0));

        // A root for the garbage collectors, as ctr makes its snapshots: containerd's would otherwise take them.
        record.call("snapshots prepare", () -> snapshots.prepare(PrepareSnapshotRequest.newBuilder()
                .setSnapshotter("overlayfs").setKey("p1").putLabels(GC_ROOT, "test").build()));
        record.call("snapshots stat", () -> snapshots.stat(StatSnapshotRequest.newBuilder()
                .setSnapshotter("overlayfs").setKey("p1").build()));
        record.call("snapshots update a label", () -> snapshots.update(UpdateSnapshotRequest.newBuilder()
                .setSnapshotter("overlayfs").setInfo(Info.newBuilder().setName("p1").putLabels("x", "y"))
                .setUpdateMask(FieldMask.newBuilder().addPaths("labels.x")).build()));
        record.call("snapshots update the name", () -> snapshots.update(UpdateSnapshotRequest.newBuilder()
                .setSnapshotter("overlayfs").setInfo(Info.newBuilder().setName("p1").setParent("other"))
                .setUpdateMask(FieldMask.newBuilder().addPaths("parent")).build()));
        record.call("snapshots commit", () -> snapshots.commit(CommitSnapshotRequest.newBuilder()
                .setSnapshotter("overlayfs").setName("c1").setKey("p1").putLabels(GC_ROOT, "test").build()));
        record.call("snapshots stat committed", () -> snapshots.stat(StatSnapshotRequest.newBuilder()
                .setSnapshotter("overlayfs").setKey("c1").build()));
        record.call("snapshots usage", () -> snapshots.usage(UsageRequest.newBuilder()
                .setSnapshotter("overlayfs").setKey("c1").build()));
        record.call("snapshots prepare on it", () -> snapshots.prepare(PrepareSnapshotRequest.newBuilder()
                .setSnapshotter("overlayfs").setKey("p2").setParent("c1").putLabels(GC_ROOT, "test").build()));
        record.call("snapshots list", () -> listed(snapshots, "parent==c1"));
        record.call("snapshots prepare an existing key", () -> snapshots.prepare(PrepareSnapshotRequest.newBuilder()
                .setSnapshotter("overlayfs").setKey("p2").setParent("c1").build()));
        record.call("snapshots prepare on a missing parent", () -> snapshots.prepare(
                PrepareSnapshotRequest.newBuilder().setSnapshotter("overlayfs").setKey("p3").setParent("nope")
                        .build()));
        record.call("snapshots prepare on an active parent", () -> snapshots.prepare(
                PrepareSnapshotRequest.newBuilder().setSnapshotter("overlayfs").setKey("p3").setParent("p2").build()));
        record.call("snapshots view", () -> snapshots.view(ViewSnapshotRequest.newBuilder()
                .setSnapshotter("overlayfs").setKey("v1").setParent("c1").putLabels(GC_ROOT, "test").build()));
        record.call("snapshots mounts of a view", () -> snapshots.mounts(MountsRequest.newBuilder()
                .setSnapshotter("overlayfs").setKey("v1").build()));
        record.call("snapshots mounts of a committed", () -> snapshots.mounts(MountsRequest.newBuilder()
                .setSnapshotter("overlayfs").setKey("c1").build()));
        record.call("snapshots mounts missing", () -> snapshots.mounts(MountsRequest.newBuilder()
                .setSnapshotter("overlayfs").setKey("nope").build()));
        // berthd words it its own way: containerd 1.6 and 2.x word it differently from each other too.
        record.codeOnly("snapshots commit a view", () -> snapshots.commit(CommitSnapshotRequest.newBuilder()
                .setSnapshotter("overlayfs").setName("c2").setKey("v1").build()));
        record.call("snapshots commit to a name in use", () -> snapshots.commit(CommitSnapshotRequest.newBuilder()
                .setSnapshotter("overlayfs").setName("c1").setKey("p2").build()));
        record.call("snapshots update all labels", () -> snapshots.update(UpdateSnapshotRequest.newBuilder()
                .setSnapshotter("overlayfs").setInfo(Info.newBuilder().setName("c1").putLabels(GC_ROOT, "test")
                        .putLabels("z", "1"))
                .setUpdateMask(FieldMask.newBuilder().addPaths("labels")).build()));
        record.call("snapshots update without a mask", () -> snapshots.update(UpdateSnapshotRequest.newBuilder()
                .setSnapshotter("overlayfs").setInfo(Info.newBuilder().setName("c1").setKind(Kind.COMMITTED)
                        .setParent("").putLabels(GC_ROOT, "test").putLabels("w", "2")).build()));
        record.call("snapshots update missing", () -> snapshots.update(UpdateSnapshotRequest.newBuilder()
                .setSnapshotter("overlayfs").setInfo(Info.newBuilder().setName("nope").putLabels("x", "y"))
                .setUpdateMask(FieldMask.newBuilder().addPaths("labels.x")).build()));
        record.call("snapshots list views", () -> listed(snapshots, "kind==view"));
        record.call("snapshots usage of an active", () -> snapshots.usage(UsageRequest.newBuilder()
                .setSnapshotter("overlayfs").setKey("p2").build()));
        record.call("snapshots remove a view", () -> snapshots.remove(RemoveSnapshotRequest.newBuilder()
                .setSnapshotter("overlayfs").setKey("v1").build()));
        record.call("snapshots remove a parent", () -> snapshots.remove(RemoveSnapshotRequest.newBuilder()
                .setSnapshotter("overlayfs").setKey("c1").build()));
        record.call("snapshots remove", () -> snapshots.remove(RemoveSnapshotRequest.newBuilder()
                .setSnapshotter("overlayfs").setKey("p2").build()));
        record.call("snapshots stat missing", () -> snapshots.stat(StatSnapshotRequest.newBuilder()
                .setSnapshotter("overlayfs").setKey("p2").build()));
        record.call("snapshots of a missing snapshotter", () -> snapshots.stat(StatSnapshotRequest.newBuilder()
                .setSnapshotter("nope").setKey("c1").build()));

        Image image = Image.newBuilder().setName("registry.test/app:1").setTarget(Descriptor.newBuilder()
                .setMediaType(MANIFEST).setDigest("sha256:" + "ab".repeat(32)).setSize(512)).build();
        record.call("images create", () -> images.create(CreateImageRequest.newBuilder().setImage(image).build()));
        record.call("images create again", () -> images.create(CreateImageRequest.newBuilder().setImage(image)
                .build()));
        record.call("images update a label", () -> images.update(UpdateImageRequest.newBuilder()
                .setImage(Image.newBuilder().setName(image.getName()).putLabels("team", "a")
                        .setTarget(Descriptor.getDefaultInstance()))
                .setUpdateMask(FieldMask.newBuilder().addPaths("labels.team")).build()));
        record.call("images list", () -> images.list(ListImagesRequest.newBuilder()
                .addFilters("labels.team==a").build()));
        record.call("images create without a target", () -> images.create(CreateImageRequest.newBuilder()
                .setImage(Image.newBuilder().setName("registry.test/none:1")).build()));
        record.call("images create without a name", () -> images.create(CreateImageRequest.newBuilder()
                .setImage(image.toBuilder().setName("")).build()));
        record.call("images update the target", () -> images.update(UpdateImageRequest.newBuilder()
                .setImage(image.toBuilder().setTarget(image.getTarget().toBuilder().setSize(1024)))
                .setUpdateMask(FieldMask.newBuilder().addPaths("target")).build()));
        record.call("images update all labels", () -> images.update(UpdateImageRequest.newBuilder()
                .setImage(image.toBuilder().putLabels("a", "1").putLabels("b", "2"))
                .setUpdateMask(FieldMask.newBuilder().addPaths("labels")).build()));
        record.call("images update without a mask", () -> images.update(UpdateImageRequest.newBuilder()
                .setImage(image.toBuilder().putLabels("whole", "yes")).build()));
        record.call("images update a field that cannot change", () -> images.update(UpdateImageRequest.newBuilder()
                .setImage(image).setUpdateMask(FieldMask.newBuilder().addPaths("name")).build()));
        record.call("images update missing", () -> images.update(UpdateImageRequest.newBuilder()
                .setImage(image.toBuilder().setName("registry.test/nope:1"))
                .setUpdateMask(FieldMask.newBuilder().addPaths("labels.x")).build()));
        record.call("images list by name", () -> images.list(ListImagesRequest.newBuilder()
                .addFilters("name==" + image.getName()).build()));
        record.call("images get", () -> images.get(GetImageRequest.newBuilder().setName(image.getName()).build()));
        record.call("images list by media type or a missing label", () -> images.list(ListImagesRequest.newBuilder()
                .addFilters("target.mediatype==" + MANIFEST).addFilters("labels.nope").build()));
        record.call("images create another", () -> images.create(CreateImageRequest.newBuilder()
                .setImage(image.toBuilder().setName("registry.test/app:2")).build()));
        record.call("images delete with sync", () -> images.delete(DeleteImageRequest.newBuilder()
                .setName("registry.test/app:2").setSync(true).build()));
        record.call("images get missing", () -> images.get(GetImageRequest.newBuilder().setName("nope").build()));
        record.call("images delete", () -> images.delete(DeleteImageRequest.newBuilder()
                .setName(image.getName()).build()));
        record.call("images delete missing", () -> images.delete(DeleteImageRequest.newBuilder()
                .setName(image.getName()).build()));

        Container container = Container.newBuilder().setId("c1").setImage(image.getName())
                .setRuntime(Container.Runtime.newBuilder().setName("io.containerd.runc.v2"))
                .setSpec(Any.newBuilder().setTypeUrl("types.containerd.io/opencontainers/runtime-spec/1/Spec")
                        .setValue(ByteString.copyFromUtf8("{\"ociVersion\":\"1.0.2\"}")))
                .putLabels("team", "a").build();
        record.call("containers create", () -> containers.create(CreateContainerRequest.newBuilder()
                .setContainer(container).build()));
        record.call("containers create again", () -> containers.create(CreateContainerRequest.newBuilder()
                .setContainer(container).build()));
        record.call("containers update a label", () -> containers.update(UpdateContainerRequest.newBuilder()
                .setContainer(Container.newBuilder().setId("c1").putLabels("team", "b"))
                .setUpdateMask(FieldMask.newBuilder().addPaths("labels.team")).build()));
        // berthd says which runtime the container has and which was asked for; containerd only that it cannot change.
        record.codeOnly("containers update the runtime", () -> containers.update(UpdateContainerRequest.newBuilder()
                .setContainer(container.toBuilder().setRuntime(Container.Runtime.newBuilder().setName("other")))
                .build()));
        record.call("containers get", () -> containers.get(GetContainerRequest.newBuilder().setId("c1").build()));
        record.call("containers list", () -> containers.list(ListContainersRequest.newBuilder()
                .addFilters("labels.team==b").build()));
        record.call("containers list stream", () -> {
            ListContainersResponse.Builder all = ListContainersResponse.newBuilder();
            containers.listStream(ListContainersRequest.getDefaultInstance())
                    .forEachRemaining(message -> all.addContainers(message.getContainer()));
            return all.build();
        });
        record.call("containers update an extension", () -> containers.update(UpdateContainerRequest.newBuilder()
                .setContainer(Container.newBuilder().setId("c1").putExtensions("ext", Any.newBuilder()
                        .setTypeUrl("x").setValue(ByteString.copyFromUtf8("y")).build()))
                .setUpdateMask(FieldMask.newBuilder().addPaths("extensions.ext")).build()));
        record.call("containers get missing", () -> containers.get(GetContainerRequest.newBuilder().setId("c9")
                .build()));
        // Malformed ids and filters are refused in berthd's own words.
        record.codeOnly("containers create without an id", () -> containers.create(CreateContainerRequest.newBuilder()
                .setContainer(container.toBuilder().clearId()).build()));
        record.codeOnly("containers create with a slash in its id", () -> containers.create(
                CreateContainerRequest.newBuilder().setContainer(container.toBuilder().setId("a/b")).build()));
        record.call("containers create without a runtime", () -> containers.create(CreateContainerRequest.newBuilder()
                .setContainer(container.toBuilder().setId("c2").clearRuntime()).build()));
        record.call("containers create without a spec", () -> containers.create(CreateContainerRequest.newBuilder()
                .setContainer(container.toBuilder().setId("c3").clearSpec()).build()));
        record.call("containers create with a snapshot key and no snapshotter", () -> containers.create(
                CreateContainerRequest.newBuilder().setContainer(container.toBuilder().setId("c4")
                        .setSnapshotKey("k4")).build()));
        record.call("containers update missing", () -> containers.update(UpdateContainerRequest.newBuilder()
                .setContainer(Container.newBuilder().setId("c9").putLabels("team", "b"))
                .setUpdateMask(FieldMask.newBuilder().addPaths("labels.team")).build()));
        record.call("containers update a field that cannot change", () -> containers.update(
                UpdateContainerRequest.newBuilder().setContainer(Container.newBuilder().setId("c1")
                        .setRuntime(Container.Runtime.newBuilder().setName("other")))
                .setUpdateMask(FieldMask.newBuilder().addPaths("runtime")).build()));
        record.call("containers update the image, the spec and the snapshot key", () -> containers.update(
                UpdateContainerRequest.newBuilder().setContainer(container.toBuilder().setImage("other:1")
                        .setSnapshotter("overlayfs").setSnapshotKey("k1")
                        .setSpec(Any.newBuilder().setTypeUrl("types.containerd.io/opencontainers/runtime-spec/1/Spec")
                                .setValue(ByteString.copyFromUtf8("{\"ociVersion\":\"1.1.0\"}"))))
                .setUpdateMask(FieldMask.newBuilder().addPaths("image").addPaths("spec").addPaths("snapshotkey"))
                .build()));
        record.call("containers update all labels", () -> containers.update(UpdateContainerRequest.newBuilder()
                .setContainer(Container.newBuilder().setId("c1").putLabels("tier", "gold").putLabels("zone", "x"))
                .setUpdateMask(FieldMask.newBuilder().addPaths("labels")).build()));
        record.call("containers update without a mask", () -> containers.update(UpdateContainerRequest.newBuilder()
                .setContainer(container.toBuilder().clearLabels().putLabels("whole", "yes")).build()));
        record.call("containers update a label to nothing", () -> containers.update(UpdateContainerRequest.newBuilder()
                .setContainer(Container.newBuilder().setId("c1"))
                .setUpdateMask(FieldMask.newBuilder().addPaths("labels.whole")).build()));
        record.call("containers update an extension the update lacks", () -> containers.update(
                UpdateContainerRequest.newBuilder().setContainer(Container.newBuilder().setId("c1"))
                        .setUpdateMask(FieldMask.newBuilder().addPaths("extensions.gone")).build()));
        record.call("containers get after the updates", () -> containers.get(GetContainerRequest.newBuilder()
                .setId("c1").build()));
        record.call("containers list by image", () -> containers.list(ListContainersRequest.newBuilder()
                .addFilters("image==" + image.getName()).build()));
        record.call("containers list by runtime or id", () -> containers.list(ListContainersRequest.newBuilder()
                .addFilters("runtime.name==io.containerd.runc.v2").addFilters("id==nothing").build()));
        record.codeOnly("containers list by a malformed filter", () -> containers.list(ListContainersRequest.newBuilder()
                .addFilters("labels.==").build()));
        record.call("tasks wait missing", () -> tasks.wait(WaitRequest.newBuilder().setContainerId("c1").build()));
        record.call("tasks kill missing", () -> tasks.kill(KillRequest.newBuilder().setContainerId("c1").setSignal(9)
                .build()));
        record.call("tasks pids missing", () -> tasks.listPids(ListPidsRequest.newBuilder().setContainerId("c1")
                .build()));
        record.call("tasks metrics", () -> tasks.metrics(MetricsRequest.newBuilder().addFilters("id==c1").build()));
        record.call("tasks get missing", () -> tasks.get(GetRequest.newBuilder().setContainerId("c1").build()));
        record.call("tasks delete missing", () -> tasks.delete(DeleteTaskRequest.newBuilder().setContainerId("c1")
                .build()));
        record.call("tasks list", () -> tasks.list(ListTasksRequest.getDefaultInstance()));
        record.call("containers delete", () -> containers.delete(DeleteContainerRequest.newBuilder().setId("c1")
                .build()));
        record.call("containers delete missing", () -> containers.delete(DeleteContainerRequest.newBuilder()
                .setId("c1").build()));
        return answers;
    }

    private static io.berth.proto.containerd.services.content.v1.Info.Builder contentInfo(String digest) {
        return io.berth.proto.containerd.services.content.v1.Info.newBuilder().setDigest(digest);
    }

    /** What a Read streams, its chunks in one answer at the first chunk's offset. */
    private static ReadContentResponse read(ContentGrpc.ContentBlockingStub content, String digest, long offset,
                                            long size) {
        ReadContentResponse.Builder whole = ReadContentResponse.newBuilder().setOffset(offset);
        content.read(ReadContentRequest.newBuilder().setDigest(digest).setOffset(offset).setSize(size).build())
                .forEachRemaining(chunk -> whole.setData(whole.getData().concat(chunk.getData())));
        return whole.build();
    }

    /** The overlayfs snapshots the filter matches, every batch of the stream in one answer. */
    private static ListSnapshotsResponse listed(SnapshotsGrpc.SnapshotsBlockingStub snapshots, String filter) {
        ListSnapshotsResponse.Builder all = ListSnapshotsResponse.newBuilder();
        snapshots.list(ListSnapshotsRequest.newBuilder().setSnapshotter("overlayfs").addFilters(filter).build())
                .forEachRemaining(batch -> all.addAllInfo(batch.getInfoList()));
        return all.build();
    }

    /** The statuses in the order of their refs: each store lists them in an order of its own. */
    private static ListStatusesResponse byRef(ListStatusesResponse response) {
        return ListStatusesResponse.newBuilder().addAllStatuses(response.getStatusesList().stream()
                .sorted(Comparator.comparing(io.berth.proto.containerd.services.content.v1.Status::getRef)).toList())
                .build();
    }

    private static String digestOf(String text) {
        return ContentClient.sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    private static WriteContentRequest stat(String ref, long total, String expected) {
        return WriteContentRequest.newBuilder().setAction(WriteAction.STAT).setRef(ref).setTotal(total)
                .setExpected(expected).build();
    }

    private static WriteContentRequest data(String ref, long offset, String data) {
        return WriteContentRequest.newBuilder().setAction(WriteAction.WRITE).setRef(ref).setOffset(offset)
                .setData(ByteString.copyFromUtf8(data)).build();
    }

    /** A commit as containerd's remote writer sends it: at the offset written to, which a commit at 0 truncates. */
    private static WriteContentRequest commit(String ref, long offset, long total, String expected) {
        return WriteContentRequest.newBuilder().setAction(WriteAction.COMMIT).setRef(ref).setOffset(offset)
                .setTotal(total).setExpected(expected).build();
    }

    /** One Write stream as containerd's remote writer drives it; its answer is the last response or its error. */
    private static Message write(ContentClient content, WriteContentRequest... requests) throws Exception {
        ContentClient.WriteStream stream = content.write();
        Message last = null;
        for (WriteContentRequest request : requests) {
            last = stream.send(request);
        }
        stream.finish();
        return last;
    }

    /** Notes each call's answer ({@link ApiAnswers}), with times and each daemon's root masked. */
    private record Recorder(Map<String, String> answers, Path root) {
        void call(String label, Callable<Message> call) {
            answers.put(label, answer(call, true));
        }

        void codeOnly(String label, Callable<Message> call) {
            answers.put(label, answer(call, false));
        }

        private String answer(Callable<Message> call, boolean whole) {
            String answer = ApiAnswers.of(call, whole);
            return TIME.matcher(answer.replace(root.toString(), "ROOT")).replaceAll("$1 TIME");
        }
    }

    @Test
    void theApiAnswersAsContainerdsDoes() throws Exception {
        ContainerdProcess.assumeInstalled();
        Map<String, String> fromContainerd;
        try (ContainerdProcess containerd = ContainerdProcess.start(dir.resolve("containerd"))) {
            ManagedChannel channel = UnixChannels.open(containerd.socket());
            try {
                fromContainerd = calls(channel, dir.resolve("containerd/root"));
            } finally {
                channel.shutdownNow();
            }
        }
        Map<String, String> fromBerthd;
        try (DaemonProcess berthd = DaemonProcess.start(dir.resolve("berthd"), "")) {
            fromBerthd = calls(berthd.channel(), berthd.root());
        }
        List<String> differences = new ArrayList<>();
        fromContainerd.forEach((label, answer) -> {
            if (!answer.equals(fromBerthd.get(label))) {
                differences.add(label + "\n  containerd: " + answer + "\n  berthd:     " + fromBerthd.get(label));
            }
        });
        assertEquals(List.of(), differences, String.join("\n", differences));
    }
}
