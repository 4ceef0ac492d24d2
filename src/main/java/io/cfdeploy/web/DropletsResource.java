package io.cfdeploy.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.cfdeploy.action.DropletActions;
import io.cfdeploy.action.DropletUpload;
import io.cfdeploy.api.DropletsApi;
import io.cfdeploy.blobstore.Blobstore;
import io.cfdeploy.fetch.DropletFetcher;
import io.cfdeploy.fetch.Visible;
import io.cfdeploy.message.DropletCreateMessage;
import io.cfdeploy.message.DropletUploadMessage;
import io.cfdeploy.message.MetadataUpdateMessage;
import io.cfdeploy.message.Parsed;
import io.cfdeploy.model.DropletEntity;
import io.cfdeploy.present.DropletPresenter;
import io.cfdeploy.security.CurrentCaller;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import org.jboss.resteasy.reactive.server.multipart.FormValue;

public class DropletsResource implements DropletsApi {
    private final CurrentCaller caller;
    private final RequestUrls urls;
    private final Lists lists;
    private final DropletFetcher fetcher;
    private final DropletActions actions;
    private final DropletUpload uploads;

    @Context
    UriInfo uriInfo;

    DropletsResource(CurrentCaller caller, RequestUrls urls, Lists lists, DropletFetcher fetcher, DropletActions actions,
            DropletUpload uploads) {
        this.caller = caller;
        this.urls = urls;
        this.lists = lists;
        this.fetcher = fetcher;
        this.actions = actions;
        this.uploads = uploads;
    }

    @Override
    public Response listDroplets(String page, String perPage, String orderBy, String guids, String states,
            String appGuids, String spaceGuids, String organizationGuids, String labelSelector, String createdAts,
            String updatedAts) {
        Lists.Listed<DropletEntity> listed = lists.fetch(uriInfo, DropletFetcher.LIST,
                query -> fetcher.list(caller.get(), query));
        return listed.respond("/v3/droplets", droplet -> DropletPresenter.present(droplet, listed.links(),
                DropletPresenter.Secrets.HIDDEN_IN_LISTS));
    }

    @Override
    public Response createDroplet(JsonNode body) {
        DropletEntity droplet = actions.create(caller.get(), DropletCreateMessage.parse(body));
        return Response.status(Response.Status.CREATED).entity(present(droplet, DropletPresenter.Secrets.SHOWN))
                .build();
    }

    @Override
    public Response getDroplet(String guid) {
        Visible<DropletEntity> visible = fetcher.readable(caller.get(), guid);
        return Response.ok(present(visible.resource(), visible.roles().canReadSecrets()
                ? DropletPresenter.Secrets.SHOWN : DropletPresenter.Secrets.HIDDEN)).build();
    }

    @Override
    public Response updateDroplet(String guid, JsonNode body) {
        DropletEntity droplet = actions.update(caller.get(), guid,
                Parsed.of(() -> MetadataUpdateMessage.parse(body)));
        return Response.ok(present(droplet, DropletPresenter.Secrets.SHOWN)).build();
    }

    @Override
    public Response deleteDroplet(String guid) {
        return Jobs.accepted(actions.delete(caller.get(), guid), urls.of(uriInfo));
    }

    /**
     * The form is checked first (CAPI checks it before looking the droplet up). The multipart layer has already
     * streamed the part to a temporary file, which the upload copies into the blobstore; the response comes once
     * the bits are stored (see {@link DropletUpload}).
     */
    @Override
    public Response uploadDroplet(String guid, InputStream bits) {
        close(bits); // the part is read from its temporary file instead, as often as needed
        FormValue part = UploadForm.part("bits");
        long size = UploadForm.size(part);
        DropletUploadMessage.validate(part != null && part.isFileItem(), part == null ? null : part.getFileName(),
                size);
        DropletUpload.Result result = uploads.upload(caller.get(), guid, size, () -> part.getFileItem()
                .getInputStream());
        return Jobs.accepted(result.job(), urls.of(uriInfo), present(result.droplet(), DropletPresenter.Secrets.SHOWN));
    }

    /** The bits, streamed from the blobstore (CAPI's local blobstore sends them; a remote one would redirect). */
    @Override
    public Response downloadDroplet(String guid) {
        Blobstore.Blob blob = actions.download(caller.get(), guid);
        StreamingOutput body = output -> {
            try (InputStream input = blob.open()) {
                input.transferTo(output);
            }
        };
        return Response.ok(body, MediaType.APPLICATION_OCTET_STREAM_TYPE)
                .header(HttpHeaders.CONTENT_LENGTH, blob.size()).build();
    }

    private Object present(DropletEntity droplet, DropletPresenter.Secrets secrets) {
        return DropletPresenter.present(droplet, urls.of(uriInfo), secrets);
    }

    private static void close(InputStream stream) {
        if (stream != null) {
            try {
                stream.close();
            } catch (IOException ignored) {
                // a temporary file's stream: nothing to recover
            }
        }
    }
}
