package io.cfdeploy.runtime.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Starts one instance the way Diego's launcher would (runtimes.md §1.1, §1.2, §2.3): a fresh copy of the droplet's
 * tree as the instance's home, CF's environment and nothing of the server's, the profile scripts sourced, then the
 * start command through {@code bash -c}; {@code setsid} makes the instance's first process the leader of a group of
 * its own, so a stop reaches everything it started. Output goes to files (never pipes to the server, so instances
 * outlive a server restart), each line stamped with the time it was written.
 */
final class InstanceLauncher {
    static final String NO_COMMAND = "no start command specified or detected in droplet";
    /** CAPI's default {@code instance_file_descriptor_limit}. */
    static final int FDS = 16384;
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * $1 the app directory, $2 the start command. The stamp loop gives each line the time it was written (bash 5's
     * EPOCHREALTIME), the format InstanceLogReader reads.
     */
    private static final String LAUNCHER = """
            stamp() { local line; while IFS= read -r line || [[ -n $line ]]; do printf '%s %s\\n' "$EPOCHREALTIME" "$line"; done; }
            exec > >(stamp >> "$CFDEPLOY_LOGS/stdout.log") 2> >(stamp >> "$CFDEPLOY_LOGS/stderr.log")
            unset CFDEPLOY_LOGS
            cd "$1" || exit 1
            if [ "$1" != "$HOME_ROOT" ] && [ -d ../profile.d ]; then for f in ../profile.d/*.sh; do [ -r "$f" ] && . "$f"; done; fi
            unset HOME_ROOT
            if [ -d .profile.d ]; then for f in .profile.d/*.sh; do [ -r "$f" ] && . "$f"; done; fi
            if [ -r .profile ]; then . ./.profile; fi
            ulimit -n FDS 2>/dev/null
            if [ -z "$2" ]; then echo "NO_COMMAND" >&2; exit 1; fi
            exec bash -c "$2"
            """.replace("FDS", Integer.toString(FDS)).replace("NO_COMMAND", NO_COMMAND);

    /** The user instances run as, and how to switch to it; empty: the server's own user. */
    record RunAs(String user, int uid, int gid) {
    }

    private final String advertiseHost;
    private final String path;
    private final Optional<RunAs> runAs;

    InstanceLauncher(String advertiseHost, String path, Optional<RunAs> runAs) {
        this.advertiseHost = advertiseHost;
        this.path = path;
        this.runAs = runAs;
    }

    /** A started instance: its group leader and where it lives. */
    record Launched(Process process, long pid, long startTicks, Path home) {
    }

    /**
     * Makes the instance's home from the droplet's tree ({@code home} must not exist yet) and starts it on the port.
     */
    Launched launch(DesiredInstance instance, Path droplet, Path home, int port) throws IOException {
        copyTree(droplet, home);
        Path logs = Files.createDirectories(home.resolve("logs"));
        Files.createDirectories(home.resolve("tmp"));
        Files.createDirectories(home.resolve("deps"));
        Path appDir = Files.isDirectory(home.resolve("app"), LinkOption.NOFOLLOW_LINKS) ? home.resolve("app") : home;
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
        if (runAs.isPresent()) {
            chown(home, runAs.get());
        }
        List<String> command = new ArrayList<>(List.of("setsid"));
        runAs.ifPresent(user -> command.addAll(List.of("setpriv", "--reuid=" + user.uid(), "--regid=" + user.gid(),
                "--init-groups")));
        command.addAll(List.of("bash", "-c", LAUNCHER, "launcher", appDir.toString(), instance.command()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve("launcher.log").toFile()))
                .redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        environment.clear();
        environment.putAll(environment(instance, home, appDir, port));
        environment.put("CFDEPLOY_LOGS", logs.toString());
        environment.put("HOME_ROOT", home.toString());
        Process process = builder.start();
        long pid = process.pid();
        return new Launched(process, pid, ProcessGroups.startTicks(pid).orElse(0L), home);
    }

    /** CF's environment of an instance (runtimes.md §1.1), with this machine's port in place of 8080. */
    Map<String, String> environment(DesiredInstance instance, Path home, Path appDir, int port) {
        Map<String, String> env = new LinkedHashMap<>(instance.environment());
        env.put("PATH", path);
        env.put("LANG", "en_US.UTF-8");
        env.put("HOME", appDir.toString());
        env.put("TMPDIR", home.resolve("tmp").toString());
        env.put("DEPS_DIR", home.resolve("deps").toString());
        env.put("PORT", Integer.toString(port));
        env.put("VCAP_APP_PORT", Integer.toString(port));
        env.put("VCAP_APP_HOST", "0.0.0.0");
        env.put("MEMORY_LIMIT", instance.memoryInMb() + "m");
        env.put("VCAP_SERVICES", "{}");
        env.put("INSTANCE_GUID", instance.instanceGuid());
        env.put("CF_INSTANCE_GUID", instance.instanceGuid());
        env.put("INSTANCE_INDEX", Integer.toString(instance.index()));
        env.put("CF_INSTANCE_INDEX", Integer.toString(instance.index()));
        env.put("CF_INSTANCE_IP", advertiseHost);
        env.put("CF_INSTANCE_INTERNAL_IP", advertiseHost);
        env.put("CF_INSTANCE_PORT", Integer.toString(port));
        env.put("CF_INSTANCE_ADDR", advertiseHost + ":" + port);
        env.put("CF_INSTANCE_PORTS", "[{\"external\":" + port + ",\"internal\":" + port + "}]");
        env.put("VCAP_APPLICATION", vcapApplication(instance, port));
        return env;
    }

    private String vcapApplication(DesiredInstance instance, int port) {
        ObjectNode vcap = JSON.createObjectNode();
        vcap.put("cf_api", "");
        ObjectNode limits = vcap.putObject("limits");
        limits.put("fds", FDS);
        limits.put("mem", instance.memoryInMb());
        limits.put("disk", instance.diskInMb());
        vcap.put("application_name", instance.appName());
        vcap.put("name", instance.appName());
        ArrayNode applicationUris = vcap.putArray("application_uris");
        ArrayNode uris = vcap.putArray("uris");
        instance.uris().forEach(uri -> {
            applicationUris.add(uri);
            uris.add(uri);
        });
        vcap.put("space_name", instance.spaceName());
        vcap.put("space_id", instance.spaceGuid());
        vcap.put("organization_id", instance.organizationGuid());
        vcap.put("organization_name", instance.organizationName());
        vcap.put("process_id", instance.processGuid());
        vcap.put("process_type", instance.processType());
        vcap.put("application_id", instance.appGuid());
        vcap.put("version", instance.processVersion());
        vcap.put("application_version", instance.processVersion());
        vcap.put("host", "0.0.0.0");
        vcap.put("instance_id", instance.instanceGuid());
        vcap.put("instance_index", instance.index());
        vcap.put("port", port);
        return vcap.toString();
    }

    /** The user to run instances as: required for a root server unless root is allowed. */
    static Optional<RunAs> runAs(Optional<String> configured, boolean allowRoot) throws IOException {
        boolean root = "0".equals(idOf("-u", null));
        if (!root) {
            return Optional.empty(); // an unprivileged server cannot switch users: instances run as it does
        }
        if (configured.isEmpty()) {
            if (allowRoot) {
                return Optional.empty();
            }
            throw new IllegalStateException("the server runs as root: set cfdeploy.runtime.local.run-as-user to an "
                    + "unprivileged user for the instances (or cfdeploy.runtime.local.allow-root=true)");
        }
        String user = configured.get();
        String uid = idOf("-u", user);
        String gid = idOf("-g", user);
        if (uid == null || gid == null) {
            throw new IllegalStateException("cfdeploy.runtime.local.run-as-user: no user " + user + " on this machine");
        }
        return Optional.of(new RunAs(user, Integer.parseInt(uid), Integer.parseInt(gid)));
    }

    private static String idOf(String what, String user) throws IOException {
        List<String> command = new ArrayList<>(List.of("id", what));
        if (user != null) {
            command.add(user);
        }
        Process id = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String out = new String(id.getInputStream().readAllBytes()).trim();
            return id.waitFor() == 0 && out.matches("\\d+") ? out : null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES,
                        LinkOption.NOFOLLOW_LINKS);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void chown(Path home, RunAs user) throws IOException {
        try (Stream<Path> walk = Files.walk(home)) {
            for (Path file : (Iterable<Path>) walk::iterator) {
                Files.setAttribute(file, "unix:uid", user.uid(), LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(file, "unix:gid", user.gid(), LinkOption.NOFOLLOW_LINKS);
            }
        }
    }
}
