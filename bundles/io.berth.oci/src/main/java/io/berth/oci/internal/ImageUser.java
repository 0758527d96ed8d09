package io.berth.oci.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.berth.api.errors.BerthException;
import io.berth.oci.User;

/**
 * An image's {@code USER} resolved as containerd's {@code WithUser} and {@code WithAdditionalGIDs} resolve it:
 * names through the root filesystem's {@code /etc/passwd} and {@code /etc/group}, numbers as they are, and the
 * supplementary groups that list the user, the primary group always among them.
 */
public final class ImageUser {
    private static final String PASSWD = "/etc/passwd";
    private static final String GROUP = "/etc/group";
    private static final long MAX_ID = 0xFFFF_FFFFL;

    private ImageUser() {
    }

    /**
     * @param user the image's user string; empty for root
     * @param current the spec's user, whose umask stays
     */
    public static User resolve(String user, User current, Path rootfs) {
        long[] ids = user.isEmpty() ? new long[] {current.uid(), current.gid()} : ids(user, rootfs);
        String member = user.isEmpty() ? "root" : Long.toString(ids[0]);
        List<Long> groups = new ArrayList<>(supplementaryGroups(member, rootfs).orElse(current.additionalGids()
                == null ? List.of() : current.additionalGids()));
        if (!groups.contains(ids[1])) {
            groups.addFirst(ids[1]);
        }
        return new User(ids[0], ids[1], current.umask(), groups);
    }

    /** The uid and gid a user string names. */
    private static long[] ids(String user, Path rootfs) {
        String[] parts = user.split(":", -1);
        if (parts.length > 2) {
            throw BerthException.invalidArgument("invalid USER value %s: more than one ':'", user);
        }
        Long uid = number(parts[0]);
        if (parts.length == 1) {
            if (uid == null) {
                UnixAccounts.Account account = account(rootfs, user).orElseThrow(() -> BerthException.invalidArgument(
                        "user %s: no such user in the image's %s", user, PASSWD));
                return new long[] {account.uid(), account.gid()};
            }
            // A uid the image does not list runs with group 0.
            return RootedPath.readIfPresent(rootfs, PASSWD)
                    .flatMap(passwd -> UnixAccounts.user(passwd, account -> account.uid() == uid))
                    .map(account -> new long[] {account.uid(), account.gid()})
                    .orElse(new long[] {uid, 0});
        }
        Long gid = number(parts[1]);
        long resolvedUid = uid != null ? uid : account(rootfs, parts[0]).orElseThrow(() ->
                BerthException.invalidArgument("user %s: no such user in the image's %s", parts[0], PASSWD)).uid();
        long resolvedGid = gid != null ? gid : group(rootfs, parts[1]);
        return new long[] {resolvedUid, resolvedGid};
    }

    private static Optional<UnixAccounts.Account> account(Path rootfs, String name) {
        return RootedPath.readIfPresent(rootfs, PASSWD)
                .flatMap(passwd -> UnixAccounts.user(passwd, account -> account.name().equals(name)));
    }

    private static long group(Path rootfs, String name) {
        return RootedPath.readIfPresent(rootfs, GROUP)
                .flatMap(group -> UnixAccounts.groups(group, entry -> entry.name().equals(name)).stream().findFirst())
                .orElseThrow(() -> BerthException.invalidArgument("group %s: no such group in the image's %s",
                        name, GROUP))
                .gid();
    }

    /**
     * The groups that list the user (by name; a uid is first turned into its name), not counting a group of the
     * user's own name; empty when the image has no account files or does not know the uid.
     */
    private static Optional<List<Long>> supplementaryGroups(String member, Path rootfs) {
        String name = member;
        Long uid = number(member);
        if (uid != null) {
            Optional<UnixAccounts.Account> account = RootedPath.readIfPresent(rootfs, PASSWD)
                    .flatMap(passwd -> UnixAccounts.user(passwd, entry -> entry.uid() == uid));
            if (account.isEmpty()) {
                return Optional.empty();
            }
            name = account.get().name();
        }
        String username = name;
        return RootedPath.readIfPresent(rootfs, GROUP).map(group -> UnixAccounts.groups(group,
                        entry -> !entry.name().equals(username) && entry.members().contains(username))
                .stream().map(UnixAccounts.Group::gid).toList());
    }

    /**
     * A decimal id, or null when the text is a name.
     *
     * @throws BerthException INVALID_ARGUMENT for a number that is no 32-bit unsigned id
     */
    private static Long number(String text) {
        long id;
        try {
            id = Long.parseLong(text);
        } catch (NumberFormatException e) {
            return null;
        }
        if (id < 0 || id > MAX_ID) {
            throw BerthException.invalidArgument("id %s of the image's USER is not between 0 and %d", text, MAX_ID);
        }
        return id;
    }
}
