package io.cfdeploy.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Body of {@code POST} (add) and {@code PATCH} (replace) {@code /v3/routes/:guid/destinations} (CAPI's
 * RouteUpdateDestinationsMessage): 1..100 destinations to add, 0..100 to replace with; each an {@code app} with its
 * {@code guid} and optional {@code process.type} (default web), optional {@code port}, {@code protocol} and (replace
 * only) {@code weight}. Every refusal is one 422 listing CAPI's texts.
 */
public record RouteDestinationsMessage(List<Destination> destinations) {
    public static final String WEB = "web";
    public static final List<String> PROTOCOLS = List.of("http1", "http2");
    private static final Set<String> KEYS = Set.of("destinations");
    private static final Set<String> DESTINATION_KEYS = Set.of("app", "weight", "port", "protocol");
    private static final int MAXIMUM = 100;
    private static final int MAXIMUM_PORTS_PER_APP = 10;

    /**
     * @param port     null when not given (the app's default port applies)
     * @param protocol null when not given (http1)
     */
    public record Destination(String appGuid, String processType, Integer port, String protocol, Integer weight) {
    }

    public static RouteDestinationsMessage parse(JsonNode raw, boolean replace) {
        ObjectNode body = BodyMessage.object(raw);
        ValidationErrors errors = new ValidationErrors();
        BodyMessage.rejectUnknownFields(body, KEYS, errors);
        JsonNode destinations = body.get("destinations");
        int minimum = replace ? 0 : 1;
        List<Destination> parsed = new ArrayList<>();
        if (destinations == null || !destinations.isArray() || destinations.size() < minimum
                || destinations.size() > MAXIMUM) {
            errors.add("Destinations must be an array containing between " + minimum + " and " + MAXIMUM
                    + " destination objects.");
        } else {
            Map<String, Integer> portsPerApp = new HashMap<>();
            for (int index = 0; index < destinations.size(); index++) {
                Destination destination = destination(destinations.get(index), index, replace, errors);
                if (destination != null) {
                    parsed.add(destination);
                    portsPerApp.merge(destination.appGuid() + "\u0000" + destination.processType(), 1, Integer::sum);
                }
            }
            if (portsPerApp.values().stream().anyMatch(count -> count > MAXIMUM_PORTS_PER_APP)) {
                errors.add("Process must have at most 10 exposed ports.");
            }
            if (errors.isEmpty()) {
                weights(parsed, errors);
            }
        }
        errors.throwIfAnyUnprocessable();
        return new RouteDestinationsMessage(List.copyOf(parsed));
    }

    private static Destination destination(JsonNode raw, int index, boolean replace, ValidationErrors errors) {
        String prefix = "Destinations[" + index + "]: ";
        if (!raw.isObject()) {
            errors.add(prefix + "must be an object.");
            return null;
        }
        ObjectNode destination = (ObjectNode) raw;
        if (!destination.has("app")) {
            errors.add(prefix + "must have an \"app\".");
            return null;
        }
        if (!BodyMessage.unknownKeys(destination, DESTINATION_KEYS).isEmpty()) {
            errors.add(prefix + "must have only \"app\" and optionally \"weight\", \"port\" or \"protocol\".");
            return null;
        }
        int before = errors.messages().size();
        JsonNode app = destination.get("app");
        JsonNode guid = app.isObject() ? app.get("guid") : null;
        String appGuid = null;
        String processType = WEB;
        if (guid == null || !guid.isTextual() || guid.textValue().isEmpty() || guid.textValue().length() >= 200) {
            errors.add(prefix + "app must have the structure {\"guid\": \"app_guid\"}");
        } else {
            appGuid = guid.textValue();
            JsonNode process = app.get("process");
            if (process != null && !process.isNull()) {
                JsonNode type = process.isObject() && process.size() == 1 ? process.get("type") : null;
                if (type == null || !type.isTextual() || type.textValue().isEmpty()) {
                    errors.add(prefix + "process must have the structure {\"type\": \"process_type\"}");
                } else {
                    processType = type.textValue();
                }
            }
        }
        Integer weight = null;
        JsonNode weightNode = destination.get("weight");
        if (weightNode != null && !weightNode.isNull()) {
            if (!replace) {
                errors.add(prefix + "weighted destinations can only be used when replacing all destinations.");
            } else if (!weightNode.isIntegralNumber() || !weightNode.canConvertToInt() || weightNode.intValue() < 1
                    || weightNode.intValue() > 100) {
                errors.add(prefix + "weight must be a positive integer between 1 and 100.");
            } else {
                weight = weightNode.intValue();
            }
        }
        Integer port = null;
        JsonNode portNode = destination.get("port");
        if (portNode != null && !portNode.isNull()) {
            if (!portNode.isIntegralNumber() || !portNode.canConvertToInt() || portNode.intValue() < 1024
                    || portNode.intValue() > 65_535) {
                errors.add(prefix + "port must be a positive integer between 1024 and 65535 inclusive.");
            } else {
                port = portNode.intValue();
            }
        }
        String protocol = null;
        JsonNode protocolNode = destination.get("protocol");
        if (protocolNode != null && !protocolNode.isNull()) {
            if (!protocolNode.isTextual() || !PROTOCOLS.contains(protocolNode.textValue())) {
                errors.add(prefix + "protocol must be 'http1' or 'http2'.");
            } else {
                protocol = protocolNode.textValue();
            }
        }
        return errors.messages().size() == before ? new Destination(appGuid, processType, port, protocol, weight)
                : null;
    }

    /** All weighted or none; weights sum to 100. */
    private static void weights(List<Destination> destinations, ValidationErrors errors) {
        long weighted = destinations.stream().filter(destination -> destination.weight() != null).count();
        if (weighted == 0) {
            return;
        }
        if (weighted < destinations.size()) {
            errors.add("Destinations cannot contain both weighted and unweighted destinations.");
            return;
        }
        if (destinations.stream().mapToInt(Destination::weight).sum() != 100) {
            errors.add("Destinations must have weights that sum to 100.");
        }
    }
}
