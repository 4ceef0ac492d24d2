package io.cfdeploy.error;

/** A CF V3 error on its way to the wire; the web layer renders it as the error envelope. */
public class CfException extends RuntimeException {
    private final CfError error;

    public CfException(CfError error, String detail) {
        super(detail, null, false, false);
        this.error = error;
    }

    public CfError error() {
        return error;
    }

    public String detail() {
        return getMessage();
    }

    public static CfException notFound(String resource) {
        return CfError.RESOURCE_NOT_FOUND.exception(resource + " not found");
    }

    public static CfException unprocessable(String detail) {
        return CfError.UNPROCESSABLE_ENTITY.exception(detail);
    }

    public static CfException notAuthorized() {
        return CfError.NOT_AUTHORIZED.exception();
    }
}
