package io.cfdeploy.present;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfdeploy.model.AppEntity;
import io.cfdeploy.model.ProcessEntity;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * An app as a manifest ({@code GET /v3/apps/:guid/manifest}, CAPI's AppManifestPresenter): name, lifecycle, env,
 * routes, metadata, then each process with its scale and health checks, in CAPI's key order and its units
 * ({@code 1024M}). The same tree is what {@code manifest_diff} compares a submitted manifest against.
 */
public final class AppManifestPresenter {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AppManifestPresenter() {
    }

    /**
     * @param dockerImage the current droplet's image for a docker app, else null
     * @param routeUrls   the app's routes, as URLs
     */
    public static ObjectNode application(AppEntity app, List<ProcessEntity> processes, String dockerImage,
            List<String> routeUrls) {
        ObjectNode json = NODES.objectNode();
        json.put("name", app.name);
        if ("docker".equals(app.lifecycleType)) {
            if (dockerImage != null) {
                json.putObject("docker").put("image", dockerImage);
            }
        } else {
            Object buildpacks = app.lifecycleData.get("buildpacks");
            if (buildpacks instanceof List<?> names && !names.isEmpty()) {
                ArrayNode list = json.putArray("buildpacks");
                names.forEach(name -> list.add(String.valueOf(name)));
            }
            Object stack = app.lifecycleData.get("stack");
            if (stack != null) {
                json.put("stack", String.valueOf(stack));
            }
        }
        if (!app.environmentVariables.isEmpty()) {
            ObjectNode env = json.putObject("env");
            app.environmentVariables.forEach(env::put);
        }
        if (!routeUrls.isEmpty()) {
            ArrayNode routes = json.putArray("routes");
            routeUrls.forEach(url -> routes.addObject().put("route", url));
        }
        if (!app.labels.isEmpty() || !app.annotations.isEmpty()) {
            ObjectNode metadata = json.putObject("metadata");
            metadata.set("labels", MAPPER.valueToTree(app.labels));
            metadata.set("annotations", MAPPER.valueToTree(app.annotations));
        }
        ArrayNode list = json.putArray("processes");
        processes.stream().sorted(Comparator.comparing((ProcessEntity process) -> !process.isWeb())
                .thenComparing(process -> process.type)).forEach(process -> list.add(process(process)));
        return json;
    }

    private static ObjectNode process(ProcessEntity process) {
        ObjectNode json = NODES.objectNode();
        json.put("type", process.type);
        json.put("instances", process.instances);
        json.put("memory", process.memoryInMb + "M");
        json.put("disk_quota", process.diskInMb + "M");
        json.put("log-rate-limit-per-second", logRate(process.logRateLimitInBytesPerSecond));
        if (process.command != null) {
            json.put("command", process.command);
        }
        json.put("health-check-type", process.healthCheckType);
        if (process.healthCheckEndpoint != null) {
            json.put("health-check-http-endpoint", process.healthCheckEndpoint);
        }
        if (process.healthCheckTimeout != null) {
            json.put("timeout", process.healthCheckTimeout);
        }
        if (process.healthCheckInvocationTimeout != null) {
            json.put("health-check-invocation-timeout", process.healthCheckInvocationTimeout);
        }
        if (process.healthCheckInterval != null) {
            json.put("health-check-interval", process.healthCheckInterval);
        }
        json.put("readiness-health-check-type", process.readinessHealthCheckType);
        if (process.readinessHealthCheckEndpoint != null) {
            json.put("readiness-health-check-http-endpoint", process.readinessHealthCheckEndpoint);
        }
        if (process.readinessHealthCheckInvocationTimeout != null) {
            json.put("readiness-health-check-invocation-timeout", process.readinessHealthCheckInvocationTimeout);
        }
        if (process.readinessHealthCheckInterval != null) {
            json.put("readiness-health-check-interval", process.readinessHealthCheckInterval);
        }
        return json;
    }

    /** CAPI writes the largest unit that divides the rate: {@code 16K}, {@code 1M}; -1 is unlimited. */
    static String logRate(long bytesPerSecond) {
        if (bytesPerSecond < 0) {
            return "-1";
        }
        String[] units = {"B", "K", "M", "G", "T"};
        long value = bytesPerSecond;
        int unit = 0;
        while (value != 0 && value % 1024 == 0 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return value + units[unit];
    }

    /** {@code applications: [...]} as YAML, block style, as {@code cf create-app-manifest} writes it to a file. */
    public static String yaml(List<ObjectNode> applications) {
        ObjectNode document = NODES.objectNode();
        ArrayNode list = document.putArray("applications");
        applications.forEach(list::add);
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndicatorIndent(0);
        options.setPrettyFlow(true);
        Map<?, ?> plain = MAPPER.convertValue(document, Map.class);
        return "---\n" + new Yaml(options).dump(plain);
    }
}
