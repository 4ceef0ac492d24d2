package io.cfdeploy.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.cfdeploy.action.PackageActions;
import io.cfdeploy.action.PackageUpload;
import io.cfdeploy.api.PackagesApi;
import io.cfdeploy.blobstore.Blobstore;
import io.cfdeploy.fetch.DropletFetcher;
import io.cfdeploy.fetch.PackageFetcher;
import io.cfdeploy.message.PackageCreateMessage;
import io.cfdeploy.message.PackageUploadMessage;
import io.cfdeploy.model.DropletEntity;
import io.cfdeploy.model.PackageEntity;
import io.cfdeploy.present.DropletPresenter;
import io.cfdeploy.present.PackagePresenter;
import io.cfdeploy.security.CurrentCaller;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.jboss.resteasy.reactive.server.multipart.FormValue;

/**
 * {@code /v3/packages}: create (bits or docker), upload, show, list with CAPI's filters, delete, download and the
 * package's droplets (CAPI V3).
 */
public class PackagesResource implements PackagesApi {
    private final CurrentCaller caller;
    private final RequestUrls urls;
    private final Lists lists;
    private final PackageFetcher fetcher;
    private final DropletFetcher droplets;
    private final PackageActions actions;
    private final PackageUpload uploads;

    @Context
    UriInfo uriInfo;

    PackagesResource(CurrentCaller caller, RequestUrls urls, Lists lists, PackageFetcher fetcher,
            DropletFetcher droplets, PackageActions actions, PackageUpload uploads) {
        this.caller = caller;
        this.urls = urls;
        this.lists = lists;
        this.fetcher = fetcher;
        this.droplets = droplets;
        this.actions = actions;
        this.uploads = uploads;
    }

    @Override
    public Response listPackages(String page, String perPage, String orderBy, String guids, String states,
            String types, String appGuids, String spaceGuids, String organizationGuids, String labelSelector,
            String createdAts, String updatedAts) {
        Lists.Listed<PackageEntity> listed = lists.fetch(uriInfo, PackageFetcher.LIST,
                query -> fetcher.list(caller.get(), query));
        return listed.respond("/v3/packages", pkg -> PackagePresenter.present(pkg, listed.links()));
    }

    @Override
    public Response createPackage(JsonNode body) {
        PackageEntity pkg = actions.create(caller.get(), PackageCreateMessage.parse(body));
        return Response.status(Response.Status.CREATED).entity(PackagePresenter.present(pkg, urls.of(uriInfo)))
                .build();
    }

    /**
     * The form is checked first (CAPI checks it before looking the package up). The multipart layer has streamed
     * the {@code bits} part to a temporary file (a small one stays in memory and is written out here), which the
     * zip checks read at random and the blobstore copies.
     */
    @Override
    public Response uploadPackage(String guid, String resources, InputStream bits) {
        close(bits);
        FormValue part = UploadForm.part("bits");
        long size = UploadForm.size(part);
        PackageUploadMessage.validate(resources, part != null && part.isFileItem() && size > 0);
        Path zip = null;
        boolean temporary = false;
        try {
            zip = part.getFileItem().isInMemory() ? null : part.getFileItem().getFile();
            if (zip == null) {
                zip = Files.createTempFile("cfdeploy-package", ".zip");
                temporary = true;
                try (InputStream input = part.getFileItem().getInputStream()) {
                    Files.copy(input, zip, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            PackageEntity pkg = uploads.upload(caller.get(), guid, size, zip);
            return Response.ok(PackagePresenter.present(pkg, urls.of(uriInfo))).build();
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        } finally {
            if (temporary) {
                try {
                    Files.deleteIfExists(zip);
                } catch (IOException ignored) {
                    // a temporary file of ours; the system's temp cleaning takes it
                }
            }
        }
    }

    private static void close(InputStream stream) {
        if (stream != null) {
            try {
                stream.close();
            } catch (IOException ignored) {
                // the part's own stream: it is read from its file instead
            }
        }
    }

    @Override
    public Response deletePackage(String guid) {
        return Jobs.accepted(actions.delete(caller.get(), guid), urls.of(uriInfo));
    }

    /** The zip, streamed from the blobstore (CAPI's local blobstore sends it; a remote one would redirect). */
    @Override
    public Response downloadPackage(String guid) {
        Blobstore.Blob blob = actions.download(caller.get(), guid);
        StreamingOutput body = output -> {
            try (InputStream input = blob.open()) {
                input.transferTo(output);
            }
        };
        return Response.ok(body, "application/zip").header(HttpHeaders.CONTENT_LENGTH, blob.size()).build();
    }

    @Override
    public Response listPackageDroplets(String guid, String page, String perPage, String orderBy, String guids,
            String states, String createdAts, String updatedAts) {
        // CAPI validates the parameters before it looks the package up
        Lists.Listed<DropletEntity> listed = lists.fetch(uriInfo, DropletFetcher.PACKAGE_LIST,
                query -> droplets.listForPackage(fetcher.readable(caller.get(), guid).resource().guid, query));
        return listed.respond("/v3/packages/" + guid + "/droplets", droplet -> DropletPresenter.present(droplet,
                listed.links(), DropletPresenter.Secrets.HIDDEN_IN_LISTS));
    }

    @Override
    public Response getPackage(String guid) {
        return Response.ok(PackagePresenter.present(fetcher.readable(caller.get(), guid).resource(),
                urls.of(uriInfo))).build();
    }
}
