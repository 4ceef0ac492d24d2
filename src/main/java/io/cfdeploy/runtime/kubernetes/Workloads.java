package io.cfdeploy.runtime.kubernetes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The cluster objects of a CF process (runtimes.md §3.2), pure: a StatefulSet {@code cf-<process guid>}, the Secret
 * with CF's static environment per process version, the Service per app and process type.
 */
final class Workloads {
    static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    static final String MANAGER = "cfdeploy";
    static final String APP_GUID = "cfdeploy.io/app-guid";
    static final String PROCESS_GUID = "cfdeploy.io/process-guid";
    static final String PROCESS_TYPE = "cfdeploy.io/process-type";
    static final String PROCESS_VERSION = "cfdeploy.io/process-version";
    static final String DROPLET_GUID = "cfdeploy.io/droplet-guid";
    /** Pod template label: index 0's instance guid; a pod with another one belongs to replaced instances. */
    static final String INSTANCES_GUID = "cfdeploy.io/instances-guid";
    static final String POD_INDEX = "apps.kubernetes.io/pod-index";
    static final String RAW_PROCESS_TYPE = "cfdeploy.io/process-type-raw";
    static final String DESIRED_GENERATION = "cfdeploy.io/desired-generation";
    static final String TEMPLATE_HASH = "cfdeploy.io/template-hash";
    static final String APP_CONTAINER = "app";
    static final String FETCH_CONTAINER = "fetch-droplet";
    static final int PORT = 8080;
    static final String HOME = "/home/vcap";

    /**
     * The launcher (runtimes.md §1.2 and §3.2): the index from the pod name's ordinal, the instance's part of
     * VCAP_APPLICATION by string edit, the droplet's profile scripts, then the command under bash.
     */
    static final String LAUNCHER = """
            export INSTANCE_INDEX="${POD_NAME##*-}" CF_INSTANCE_INDEX="${POD_NAME##*-}" INSTANCE_GUID="$CF_INSTANCE_GUID"
            export CF_INSTANCE_PORT=8080 CF_INSTANCE_ADDR="$CF_INSTANCE_INTERNAL_IP:8080"
            export CF_INSTANCE_PORTS='[{"external":8080,"internal":8080}]'
            export VCAP_APPLICATION="${VCAP_APPLICATION%\\}},\\"instance_index\\":$INSTANCE_INDEX,\\"instance_id\\":\\"$CF_INSTANCE_GUID\\",\\"host\\":\\"0.0.0.0\\",\\"port\\":8080}"
            cd /home/vcap/app || exit 1
            for f in ../profile.d/*.sh .profile.d/*.sh; do [ -f "$f" ] && . "$f"; done
            [ -f .profile ] && . ./.profile
            if [ -z "$1" ]; then echo "no start command specified or detected in droplet" >&2; exit 1; fi
            exec bash -c "$1"
            """;
    static final String FETCH = "set -e; curl -fsSL --retry 5 \"$DROPLET_URL\" | tar -xzf - -C /home/vcap";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The runtime's settings (cfdeploy.runtime.kubernetes.*) as the builders need them. */
    record Settings(String serviceAccount, List<String> imagePullSecrets, Optional<String> baseImage,
            Optional<String> dropletBaseUrl, long runAsUser, int cpuRequestPerGib, Optional<Integer> cpuLimit,
            long gracefulShutdownSeconds, int defaultHealthCheckTimeout) {
    }

    private Workloads() {
    }

    static String setName(String processGuid) {
        return "cf-" + processGuid;
    }

    static String podName(String processGuid, int index) {
        return setName(processGuid) + "-" + index;
    }

    /** The pod's index from its name's ordinal, or -1. */
    static int index(String podName) {
        int dash = podName.lastIndexOf('-');
        try {
            return dash < 0 ? -1 : Integer.parseInt(podName.substring(dash + 1));
        } catch (NumberFormatException notAnIndex) {
            return -1;
        }
    }

    static String secretName(ProcessSpec spec) {
        return setName(spec.processGuid()) + "-" + sha256(spec.processVersion()).substring(0, 10);
    }

    static String serviceName(String appGuid, String processType) {
        String name = "cf-" + appGuid + "-" + sanitize(processType);
        name = name.length() > 63 ? name.substring(0, 63) : name;
        return name.replaceAll("-+$", "");
    }

    /** A process type as a label value and DNS label: lower case, [a-z0-9-], at most 20 characters. */
    static String sanitize(String processType) {
        String sanitized = processType.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-")
                .replaceAll("^-+|-+$", "");
        if (sanitized.length() > 20) {
            sanitized = sanitized.substring(0, 20).replaceAll("-+$", "");
        }
        return sanitized.isEmpty() ? "x" + sha256(processType).substring(0, 8) : sanitized;
    }

    static Map<String, String> selector(String processGuid) {
        return Map.of(PROCESS_GUID, processGuid);
    }

    static Map<String, String> labels(ProcessSpec spec) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(MANAGED_BY, MANAGER);
        labels.put(APP_GUID, spec.appGuid());
        labels.put(PROCESS_GUID, spec.processGuid());
        labels.put(PROCESS_TYPE, sanitize(spec.processType()));
        labels.put(PROCESS_VERSION, spec.processVersion());
        if (spec.dropletGuid() != null) {
            labels.put(DROPLET_GUID, spec.dropletGuid());
        }
        return labels;
    }

    /** CF's static environment of the process version (runtimes.md §1.1); the launcher adds the instance's part. */
    static Secret secret(ProcessSpec spec, String namespace, OwnerReference owner) {
        Map<String, String> env = new LinkedHashMap<>(spec.environment());
        env.put("PORT", Integer.toString(PORT));
        env.put("VCAP_APP_PORT", Integer.toString(PORT));
        env.put("VCAP_APP_HOST", "0.0.0.0");
        env.put("LANG", "en_US.UTF-8");
        env.put("MEMORY_LIMIT", spec.memoryInMb() + "m");
        env.put("VCAP_SERVICES", "{}");
        env.put("HOME", HOME + "/app");
        env.put("TMPDIR", HOME + "/tmp");
        env.put("DEPS_DIR", HOME + "/deps");
        env.put("VCAP_APPLICATION", vcapApplication(spec));
        Map<String, String> labels = labels(spec);
        labels.remove(DROPLET_GUID);
        SecretBuilder secret = new SecretBuilder().withNewMetadata().withName(secretName(spec))
                .withNamespace(namespace).withLabels(labels).endMetadata().withType("Opaque").withStringData(env);
        if (owner != null) {
            secret.editMetadata().withOwnerReferences(owner).endMetadata();
        }
        return secret.build();
    }

    static String vcapApplication(ProcessSpec spec) {
        ObjectNode vcap = JSON.createObjectNode();
        vcap.put("cf_api", "");
        ObjectNode limits = vcap.putObject("limits");
        limits.put("fds", 16384);
        limits.put("mem", spec.memoryInMb());
        limits.put("disk", spec.diskInMb());
        vcap.put("application_name", spec.appName());
        vcap.putPOJO("application_uris", spec.uris());
        vcap.put("name", spec.appName());
        vcap.put("space_name", spec.spaceName());
        vcap.put("space_id", spec.spaceGuid());
        vcap.put("organization_id", spec.organizationGuid());
        vcap.put("organization_name", spec.organizationName());
        vcap.putPOJO("uris", spec.uris());
        vcap.put("process_id", spec.processGuid());
        vcap.put("process_type", spec.processType());
        vcap.put("application_id", spec.appGuid());
        vcap.put("version", spec.processVersion());
        vcap.put("application_version", spec.processVersion());
        return vcap.toString();
    }

    /**
     * The process's StatefulSet: Parallel, OnDelete, replicas = instances, labelled; the template hash and the
     * desired generation as annotations.
     *
     * @param dropletPath the signed droplet path (buildpack droplets), else null
     */
    static StatefulSet statefulSet(ProcessSpec spec, String namespace, Settings settings, String dropletPath) {
        Map<String, String> labels = labels(spec);
        Map<String, String> podLabels = new LinkedHashMap<>(labels);
        podLabels.put(INSTANCES_GUID, spec.instancesGuid());
        PodSpec pod = podSpec(spec, settings, dropletPath);
        Map<String, String> podAnnotations = Map.of(RAW_PROCESS_TYPE, spec.processType());
        String hash = sha256(Serialization.asJson(pod) + podLabels + podAnnotations).substring(0, 16);
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(DESIRED_GENERATION, Long.toString(spec.generation()));
        annotations.put(TEMPLATE_HASH, hash);
        annotations.put(RAW_PROCESS_TYPE, spec.processType());
        return new StatefulSetBuilder().withNewMetadata().withName(setName(spec.processGuid()))
                .withNamespace(namespace).withLabels(labels).withAnnotations(annotations).endMetadata()
                .withNewSpec().withReplicas(spec.instances()).withPodManagementPolicy("Parallel")
                .withNewUpdateStrategy().withType("OnDelete").endUpdateStrategy()
                .withServiceName(serviceName(spec.appGuid(), spec.processType()))
                .withNewSelector().withMatchLabels(selector(spec.processGuid())).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(podLabels).withAnnotations(podAnnotations)
                .endMetadata().withSpec(pod).endTemplate().endSpec().build();
    }

    private static PodSpec podSpec(ProcessSpec spec, Settings settings, String dropletPath) {
        List<EnvVar> env = List.of(field("POD_NAME", "metadata.name"), field("CF_INSTANCE_GUID", "metadata.uid"),
                field("CF_INSTANCE_IP", "status.hostIP"), field("CF_INSTANCE_INTERNAL_IP", "status.podIP"));
        ContainerBuilder app = new ContainerBuilder().withName(APP_CONTAINER).withEnv(env)
                .addNewEnvFrom().withNewSecretRef().withName(secretName(spec)).endSecretRef().endEnvFrom()
                .addNewPort().withName("http").withContainerPort(PORT).withProtocol("TCP").endPort()
                .withResources(resources(spec, settings)).withNewSecurityContext().withRunAsNonRoot(true)
                .withAllowPrivilegeEscalation(false).withNewCapabilities().withDrop("ALL").endCapabilities()
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile().endSecurityContext();
        List<Container> init = new ArrayList<>();
        boolean docker = spec.dropletImage() != null;
        if (docker) {
            app.withImage(spec.dropletImage());
            if (!spec.command().isBlank()) {
                app.withCommand("/bin/sh", "-c", spec.command());
            }
        } else {
            String image = settings.baseImage().orElseThrow(() -> new IllegalStateException(
                    "cfdeploy.runtime.kubernetes.base-image is required to run a buildpack droplet"));
            String base = settings.dropletBaseUrl().orElseThrow(() -> new IllegalStateException(
                    "cfdeploy.runtime.kubernetes.droplet-base-url is required to run a buildpack droplet"));
            app.withImage(image).withCommand("/bin/bash", "-c", LAUNCHER, "launcher", spec.command())
                    .addNewVolumeMount().withName("home").withMountPath(HOME).endVolumeMount();
            init.add(new ContainerBuilder().withName(FETCH_CONTAINER).withImage(image)
                    .withCommand("/bin/sh", "-c", FETCH)
                    .withEnv(new EnvVarBuilder().withName("DROPLET_URL")
                            .withValue(base.replaceAll("/+$", "") + dropletPath).build())
                    .addNewVolumeMount().withName("home").withMountPath(HOME).endVolumeMount()
                    .withNewSecurityContext().withRunAsNonRoot(true).withAllowPrivilegeEscalation(false)
                    .withNewCapabilities().withDrop("ALL").endCapabilities().endSecurityContext().build());
        }
        ProcessSpec.Check liveness = spec.liveness();
        if (liveness.probes()) {
            int timeout = liveness.timeout() != null ? liveness.timeout() : settings.defaultHealthCheckTimeout();
            int invocation = liveness.invocationTimeout() != null ? liveness.invocationTimeout() : 1;
            app.withStartupProbe(probe(liveness, 2, invocation, (timeout + 1) / 2 < 1 ? 1 : (timeout + 1) / 2))
                    .withLivenessProbe(probe(liveness, liveness.interval() != null ? liveness.interval() : 30,
                            invocation, 1));
        }
        ProcessSpec.Check readiness = spec.readiness();
        if (readiness.probes()) {
            app.withReadinessProbe(probe(readiness, readiness.interval() != null ? readiness.interval() : 2,
                    readiness.invocationTimeout() != null ? readiness.invocationTimeout() : 1, 1));
        }
        PodSpecBuilder pod = new PodSpecBuilder().withServiceAccountName(settings.serviceAccount())
                .withAutomountServiceAccountToken(false)
                .withTerminationGracePeriodSeconds(settings.gracefulShutdownSeconds())
                .withNewSecurityContext().withRunAsNonRoot(true).withRunAsUser(settings.runAsUser())
                .withRunAsGroup(settings.runAsUser()).withFsGroup(settings.runAsUser()).endSecurityContext()
                .withInitContainers(init).withContainers(app.build())
                .withImagePullSecrets(settings.imagePullSecrets().stream().map(LocalObjectReference::new).toList());
        if (!docker) {
            pod.addNewVolume().withName("home").withNewEmptyDir().endEmptyDir().endVolume();
        }
        return pod.build();
    }

    private static EnvVar field(String name, String path) {
        return new EnvVarBuilder().withName(name).withNewValueFrom().withNewFieldRef().withFieldPath(path)
                .endFieldRef().endValueFrom().build();
    }

    /** Korifi's: cpu max(5m, per-GiB × memory), memory, ephemeral storage = disk; limits memory and disk. */
    static ResourceRequirements resources(ProcessSpec spec, Settings settings) {
        long cpu = Math.max(5, (long) settings.cpuRequestPerGib() * spec.memoryInMb() / 1024);
        ResourceRequirementsBuilder resources = new ResourceRequirementsBuilder()
                .addToRequests("cpu", new Quantity(cpu + "m"))
                .addToRequests("memory", new Quantity(spec.memoryInMb() + "Mi"))
                .addToRequests("ephemeral-storage", new Quantity(spec.diskInMb() + "Mi"))
                .addToLimits("memory", new Quantity(spec.memoryInMb() + "Mi"))
                .addToLimits("ephemeral-storage", new Quantity(spec.diskInMb() + "Mi"));
        settings.cpuLimit().ifPresent(limit -> resources.addToLimits("cpu", new Quantity(limit + "m")));
        return resources.build();
    }

    private static Probe probe(ProcessSpec.Check check, int period, int timeout, int failureThreshold) {
        ProbeBuilder probe = new ProbeBuilder().withPeriodSeconds(period).withTimeoutSeconds(timeout)
                .withFailureThreshold(failureThreshold);
        if ("http".equals(check.type())) {
            String path = check.endpoint() == null || check.endpoint().isBlank() ? "/" : check.endpoint();
            probe.withNewHttpGet().withPath(path).withPort(new IntOrString(PORT))
                    .addNewHttpHeader().withName("X-Forwarded-Proto").withValue("https").endHttpHeader()
                    .endHttpGet();
        } else {
            probe.withNewTcpSocket().withPort(new IntOrString(PORT)).endTcpSocket();
        }
        return probe.build();
    }

    /** The Service of the app's processes of a type: port 8080, selecting every process of that type. */
    static Service service(String appGuid, String processType, String namespace, List<OwnerReference> owners) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(MANAGED_BY, MANAGER);
        labels.put(APP_GUID, appGuid);
        labels.put(PROCESS_TYPE, sanitize(processType));
        Map<String, String> selector = new LinkedHashMap<>();
        selector.put(APP_GUID, appGuid);
        selector.put(PROCESS_TYPE, sanitize(processType));
        return new ServiceBuilder().withNewMetadata().withName(serviceName(appGuid, processType))
                .withNamespace(namespace).withLabels(labels).withAnnotations(Map.of(RAW_PROCESS_TYPE, processType))
                .withOwnerReferences(owners).endMetadata().withNewSpec().withType("ClusterIP")
                .withSelector(selector).addNewPort().withName("http").withPort(PORT)
                .withTargetPort(new IntOrString(PORT)).withProtocol("TCP").endPort().endSpec().build();
    }

    static OwnerReference owner(StatefulSet set) {
        return new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("StatefulSet")
                .withName(set.getMetadata().getName()).withUid(set.getMetadata().getUid())
                .withBlockOwnerDeletion(false).withController(false).build();
    }

    static long generation(io.fabric8.kubernetes.api.model.HasMetadata object) {
        String value = object.getMetadata().getAnnotations() == null ? null
                : object.getMetadata().getAnnotations().get(DESIRED_GENERATION);
        try {
            return value == null ? -1 : Long.parseLong(value);
        } catch (NumberFormatException unreadable) {
            return -1;
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException unavailable) {
            throw new IllegalStateException(unavailable);
        }
    }
}
