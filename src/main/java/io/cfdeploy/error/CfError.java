package io.cfdeploy.error;

/**
 * The catalogue of every error the server answers with: HTTP status, CF code, title and detail template
 * (CAPI's {@code errors/v2.yml} / {@code v3.yml} texts). The detail is a {@link String#format} template.
 */
public enum CfError {
    MESSAGE_PARSE_ERROR(400, 1001, "CF-MessageParseError", "Request invalid due to parse error: %s"),
    BAD_REQUEST(400, 1004, "CF-BadRequest", "Bad request: %s"),
    INVALID_REQUEST(400, 10004, "CF-InvalidRequest", "The request is invalid"),
    BAD_QUERY_PARAMETER(400, 10005, "CF-BadQueryParameter", "The query parameter is invalid: %s"),
    INVALID_AUTH_TOKEN(401, 1000, "CF-InvalidAuthToken", "Invalid Auth Token"),
    NOT_AUTHENTICATED(401, 10002, "CF-NotAuthenticated", "Authentication error"),
    NOT_AUTHORIZED(403, 10003, "CF-NotAuthorized", "You are not authorized to perform the requested action"),
    ORG_SUSPENDED(403, 10017, "CF-OrgSuspended", "The organization is suspended"),
    SPACE_SUSPENDED(403, 10019, "CF-SpaceSuspended", "The space is suspended"),
    FEATURE_DISABLED(403, 330002, "CF-FeatureDisabled", "Feature Disabled: %s"),
    DEPLOYMENTS_DISABLED(403, 390014, "CF-DeploymentsDisabled",
            "Deployments cannot be created due to manifest property 'temporary_disable_deployments'"),
    NOT_FOUND(404, 10000, "CF-NotFound", "Unknown request"),
    RESOURCE_NOT_FOUND(404, 10010, "CF-ResourceNotFound", "%s"),
    CONFLICT(409, 10011, "CF-Conflict", "%s"),
    REQUEST_ENTITY_TOO_LARGE(413, 10012, "CF-RequestEntityTooLarge", "Request Entity Too Large"),
    UNPROCESSABLE_ENTITY(422, 10008, "CF-UnprocessableEntity", "%s"),
    RESOURCE_BEING_DELETED(422, 10020, "CF-ResourceBeingDeleted", "%s"),
    LABEL_LIMIT_EXCEEDED(422, 390020, "CF-LabelLimitExceeded",
            "Failed to add %d labels because it would exceed maximum of %d"),
    ANNOTATION_LIMIT_EXCEEDED(422, 390023, "CF-AnnotationLimitExceeded",
            "Failed to add %d annotations because it would exceed maximum of %d"),
    STAGING_IN_PROGRESS(422, 170017, "CF-StagingInProgress",
            "Only one build can be STAGING at a time per application."),
    UNKNOWN_ERROR(500, 10001, "UnknownError", "An unknown error occurred."),
    PACKAGE_BITS_ALREADY_UPLOADED(400, 150004, "CF-PackageBitsAlreadyUploaded",
            "Bits may be uploaded only once. Create a new package to upload different bits."),
    BLOBSTORE_UNAVAILABLE(502, 150007, "CF-BlobstoreUnavailable",
            "Failed to perform operation due to blobstore unavailability."),
    SERVICE_UNAVAILABLE(503, 10015, "CF-ServiceUnavailable", "%s");

    private final int status;
    private final int code;
    private final String title;
    private final String detailTemplate;

    CfError(int status, int code, String title, String detailTemplate) {
        this.status = status;
        this.code = code;
        this.title = title;
        this.detailTemplate = detailTemplate;
    }

    public int status() {
        return status;
    }

    public int code() {
        return code;
    }

    public String title() {
        return title;
    }

    public String detail(Object... args) {
        return args.length == 0 ? detailTemplate : String.format(detailTemplate, args);
    }

    /** The exception that carries this error to the edge. */
    public CfException exception(Object... args) {
        return new CfException(this, detail(args));
    }
}
