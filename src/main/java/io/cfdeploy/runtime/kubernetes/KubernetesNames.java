package io.cfdeploy.runtime.kubernetes;

/** The names and labels of the kubernetes runtime's objects others refer to (the routes lead to its Services). */
public final class KubernetesNames {
    public static final String MANAGED_BY = Workloads.MANAGED_BY;
    public static final String MANAGER = Workloads.MANAGER;
    public static final int PORT = Workloads.PORT;

    private KubernetesNames() {
    }

    /** The Service of the app's processes of the type: {@code cf-<app guid>-<sanitized type>}. */
    public static String serviceName(String appGuid, String processType) {
        return Workloads.serviceName(appGuid, processType);
    }
}
