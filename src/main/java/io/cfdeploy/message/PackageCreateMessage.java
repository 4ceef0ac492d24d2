package io.cfdeploy.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/**
 * Body of {@code POST /v3/packages} (CAPI's PackageCreateMessage): the app relationship, {@code type} bits or
 * docker, {@code data} (empty for bits; {@code image} and optional {@code username}/{@code password} for docker)
 * and metadata. Every refusal is one 422 listing CAPI's texts.
 */
public record PackageCreateMessage(String appGuid, String type, String image, String username, String password,
        MetadataMessage metadata) {
    public static final String BITS = "bits";
    public static final String DOCKER = "docker";
    private static final Set<String> KEYS = Set.of("relationships", "type", "data", "metadata");
    private static final Set<String> RELATIONSHIPS = Set.of("app");
    private static final Set<String> DOCKER_DATA_KEYS = Set.of("image", "username", "password");

    public boolean isDocker() {
        return DOCKER.equals(type);
    }

    public static PackageCreateMessage parse(JsonNode raw) {
        ObjectNode body = BodyMessage.object(raw);
        ValidationErrors errors = new ValidationErrors();
        MetadataMessage metadata = MetadataMessage.parse(body.get("metadata"), errors);
        BodyMessage.rejectUnknownFields(body, KEYS, errors);
        ObjectNode relationships = BodyMessage.relationships(body, RELATIONSHIPS, errors);
        String appGuid = relationships == null ? null : BodyMessage.toOneGuid(relationships, "app", errors);
        JsonNode typeNode = body.get("type");
        String type = typeNode != null && typeNode.isTextual()
                && (BITS.equals(typeNode.textValue()) || DOCKER.equals(typeNode.textValue()))
                ? typeNode.textValue() : null;
        if (type == null) {
            errors.add("Type must be one of 'bits, docker'");
        }
        JsonNode data = body.get("data");
        boolean dataGiven = data != null && !data.isNull();
        String image = null;
        String username = null;
        String password = null;
        if (BITS.equals(type) && dataGiven && !(data.isObject() && data.isEmpty())) {
            errors.add("Data must be empty if provided for bits packages");
        }
        if (DOCKER.equals(type)) {
            ObjectNode docker = dataGiven && data.isObject() ? (ObjectNode) data : null;
            if (dataGiven && docker == null) {
                errors.add("Data must be an object");
            } else {
                if (docker != null) {
                    for (String unknown : BodyMessage.unknownKeys(docker, DOCKER_DATA_KEYS)) {
                        errors.add("Data Unknown field(s): '" + unknown + "'");
                    }
                }
                image = dockerText(docker, "image", "Image", true, errors);
                username = dockerText(docker, "username", "Username", false, errors);
                password = dockerText(docker, "password", "Password", false, errors);
                if (username != null && password == null) {
                    errors.add("Data Password required");
                } else if (password != null && username == null) {
                    errors.add("Data Username required");
                }
            }
        }
        errors.throwIfAnyUnprocessable();
        return new PackageCreateMessage(appGuid, type, image, username, password, metadata);
    }

    private static String dockerText(ObjectNode data, String key, String label, boolean required,
            ValidationErrors errors) {
        JsonNode value = data == null ? null : data.get(key);
        if (value == null || value.isNull() || (value.isTextual() && value.textValue().isBlank())) {
            if (required) {
                errors.add("Data " + label + " required");
            }
            return null;
        }
        if (!value.isTextual()) {
            errors.add("Data " + label + " must be a string");
            return null;
        }
        return value.textValue();
    }
}
