package io.cfdeploy.present;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfdeploy.model.UserEntity;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The user resource, in CAPI's key order; names the identity provider does not know are null. */
public final class UserPresenter {
    private UserPresenter() {
    }

    /**
     * @param username the user name (from the users row or the identity provider), or null
     * @param origin   its origin, or null
     */
    public static ObjectNode present(UserEntity user, String username, String origin, Urls urls) {
        ObjectNode json = Json.resource(user.guid, user.createdAt, user.updatedAt);
        json.put("username", username);
        json.put("presentation_name", username != null ? username : user.guid);
        json.put("origin", origin);
        json.set("metadata", Json.metadata(user.labels, user.annotations));
        json.putObject("links").set("self", Json.link(urls.of("/v3/users/" + escape(user.guid))));
        return json;
    }

    /** CGI.escape, as CAPI escapes user guids in links (they may be client ids or any string). */
    static String escape(String guid) {
        return URLEncoder.encode(guid, StandardCharsets.UTF_8);
    }
}
