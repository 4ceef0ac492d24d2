package io.cfdeploy.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every {@code cfdeploy.*} setting, with its default. The README lists them all. */
@ConfigMapping(prefix = "cfdeploy")
public interface CfdeployConfig {

    /**
     * The external base URL used in links (e.g. {@code https://api.example.org}). When unset, links are built from
     * the request's scheme and host, honouring {@code X-Forwarded-Proto} / {@code X-Forwarded-Host}.
     */
    Optional<String> externalUrl();

    /**
     * The login/UAA URL the root document advertises when tokens come from an external UAA; when unset and the
     * built-in issuer is on, this server's own URL.
     */
    Optional<String> loginUrl();

    /** Database bootstrap done at start. */
    Database database();

    /** Metadata limits. */
    Metadata metadata();

    /** The built-in UAA-compatible token issuer. */
    Uaa uaa();

    /** What runs instances: simulated rows, or OS processes on this machine. */
    InstanceRuntimeSettings runtime();

    /** The HTTP router in front of the apps' instances. */
    Router router();

    /** Request body limits; a larger body is refused with 413 CF-RequestEntityTooLarge. */
    Limits limits();

    /** Where droplet bits are kept. */
    Blobstore blobstore();

    /** Deployments. */
    Deployments deployments();

    /** The rollout engine's scheduler. */
    Rollout rollout();

    /** Domains and routes. */
    Routing routing();

    /** Bearer tokens: the cache of verified ones. */
    Tokens tokens();

    interface Routing {
        /**
         * The shared domain inserted at start (if absent) and used for default and random routes of manifests
         * ({@code <app>.<domain>}). Changing it adds the new domain; the old one and its routes stay.
         */
        @WithDefault("apps.localhost")
        @Pattern(regexp = "^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$",
                message = "must be a lower-case domain name of at least two labels")
        String defaultDomain();
    }

    /** Simulated staging of builds. */
    Staging staging();

    interface Staging {
        /** How long a build stays STAGING before it is staged (a simulated stager's time). */
        @WithDefault("PT0S")
        Duration delay();

        /** How many builds this replica stages at the same time; the others wait their turn. */
        @WithDefault("2")
        @Min(1)
        int maxConcurrent();
    }

    interface Rollout {
        /**
         * Whether this replica moves deployments on its own (timers, replica notifications, resume at start). Off,
         * a deployment only moves when a client reads it (GET advances a due step).
         */
        @WithDefault("true")
        boolean enabled();

        /** How many deployments this replica steps at the same time. */
        @WithDefault("8")
        @Min(1)
        int maxConcurrentSteps();

        /**
         * Tell the other replicas on the same database of new work with PostgreSQL LISTEN/NOTIFY (one extra
         * connection per replica, idle while nothing happens).
         */
        @WithDefault("true")
        boolean notifyReplicas();
    }

    interface Deployments {
        /**
         * Refuse every {@code POST /v3/deployments} with 403 CF-DeploymentsDisabled (CAPI's
         * {@code temporary_disable_deployments}). Reads, PATCH, cancel and continue keep working.
         */
        @WithDefault("false")
        boolean disabled();
    }

    interface Limits {
        /**
         * The largest request body of every request but a droplet upload (JSON bodies), checked against
         * {@code Content-Length} before the body is read and while a chunked body streams in.
         */
        @WithDefault("1M")
        MemorySize maxBodySize();

        /**
         * The largest droplet upload ({@code POST /v3/droplets/:guid/upload}), counted as the whole multipart
         * request body. The HTTP layer's own ceiling, {@code quarkus.http.limits.max-body-size}, is set to this
         * value in {@code application.properties}; keep it at least as large as both limits here.
         */
        @WithDefault("1G")
        MemorySize maxDropletUploadSize();

        /**
         * The largest package upload ({@code POST /v3/packages/:guid/upload}, the cf CLI's zip), counted as the
         * whole multipart request body. Like the droplet limit, it must not exceed
         * {@code quarkus.http.limits.max-body-size} (which follows the droplet limit unless set).
         */
        @WithDefault("1G")
        MemorySize maxPackageUploadSize();

        /** The most entries a package zip may hold (files, directories and links); above it: 422. */
        @WithDefault("100000")
        @Min(1)
        int maxPackageEntries();

        /** The most bytes a package zip may expand to, counted while it is read (zip bombs); above it: 422. */
        @WithDefault("4G")
        MemorySize maxPackageExpandedSize();

        /**
         * The most instances one process may have (scale, a deployment's {@code web_instances}) and the largest
         * {@code max_in_flight}: every stats and process_instances read builds an entry per instance, so an
         * unbounded count is a way to exhaust the server's memory. Above it: 422.
         */
        @WithDefault("1000")
        @Min(1)
        int maxInstances();
    }

    interface Blobstore {
        /**
         * The directory of the filesystem blobstore. Blobs are named by their sha256 and written to a temporary
         * file in the same directory tree, then renamed into place, so a failed upload leaves nothing behind. The
         * default lives in the system's temporary directory: point it at a persistent (and, with several
         * replicas, shared) volume in production.
         */
        @WithDefault("${java.io.tmpdir}/cfdeploy-blobs")
        String directory();

        /**
         * Let a production server keep the bits in the system's temporary directory. Off by default: a container's
         * temporary directory goes with the container (scale-to-zero, a restart), while the droplets stay STAGED.
         */
        @WithDefault("false")
        boolean allowTemporaryDirectory();
    }

    interface InstanceRuntimeSettings {
        enum Type {
            /** Instances are rows whose state follows from the clock (tests, demos, scale-to-zero). */
            SIMULATED,
            /** Instances are OS processes on this machine, supervised by one replica. */
            LOCAL,
            /** Each process is a StatefulSet in a Kubernetes namespace (runtimes.md §3). */
            KUBERNETES
        }

        /** Which runtime runs instances. */
        @WithDefault("local")
        Type type();

        /** How long a new simulated instance is STARTING before it is RUNNING and routable. */
        @WithDefault("PT2S")
        Duration startupTime();

        /** How long a stopping instance gets between SIGTERM and SIGKILL (Diego: 10 s). */
        @WithDefault("PT10S")
        Duration gracefulShutdown();

        /** A process's start-up health check gives up after this when it sets no {@code timeout} (CF: 60 s). */
        @WithDefault("PT60S")
        Duration defaultHealthCheckTimeout();

        /** The local runtime. */
        Local local();

        interface Local {
            /** Where droplets are extracted and instances get their directories. */
            @WithDefault("${java.io.tmpdir}/cfdeploy-runtime")
            String workDir();

            /** The host ports instances listen on, {@code first-last}. */
            @WithDefault("61000-61999")
            @Pattern(regexp = "\\d{1,5}-\\d{1,5}", message = "must be first-last, e.g. 61000-61999")
            String portRange();

            /** The address instances are reached at (stats' host, CF_INSTANCE_IP, the router's upstreams). */
            @WithDefault("127.0.0.1")
            String advertiseHost();

            /** The unprivileged user instances run as; required when the server runs as root. */
            Optional<String> runAsUser();

            /** Let a server running as root run instances as root (when no run-as-user is set). */
            @WithDefault("false")
            boolean allowRoot();

            /** Most instances running on this machine; the rest are DOWN until capacity frees. */
            @WithDefault("32")
            @Min(0)
            int maxInstances();

            /** The PATH instances get; unset: this JDK's bin directory, then the server's PATH. */
            Optional<String> path();

            /** Leave instances running when the server stops, for the next start to adopt. */
            @WithDefault("true")
            boolean keepRunningOnShutdown();

            /**
             * Whether this replica runs the instances. Exactly one replica of a database supervises (a PostgreSQL
             * advisory lock enforces it); the others serve the API and step rollouts from what it records.
             */
            @WithDefault("true")
            boolean supervise();

            /** How often a starting instance is checked (Diego: 2 s). */
            @WithDefault("PT2S")
            Duration startupCheckInterval();

            /**
             * How long an instance that served traffic keeps running after it stopped being desired, before its
             * SIGTERM: the router has dropped it by then, and the requests it was given finish (gorouter's and the
             * route emitter's part in Diego).
             */
            @WithDefault("PT1S")
            Duration drainTime();

            /** The first back-off after the third crash in a row; it doubles per crash up to 16 min (Diego: 30 s). */
            @WithDefault("PT30S")
            Duration crashBackoff();

            /** Bytes of output kept per instance and stream; the log file starts over past it. */
            @WithDefault("10M")
            MemorySize maxLogSize();
        }
        /** The kubernetes runtime (runtimes.md §3, §4); read only when {@code type=kubernetes}. */
        Kubernetes kubernetes();

        interface Kubernetes {
            /** The namespace of the StatefulSets, Services, Secrets and routes; unset: the client's namespace. */
            Optional<String> namespace();

            /** The service account the instances' pods run as. */
            @WithDefault("default")
            String serviceAccount();

            /** Image pull secrets every instance pod names. */
            Optional<List<String>> imagePullSecrets();

            /**
             * The image buildpack droplets run in: it needs bash, tar, gzip and curl (an init container fetches the
             * droplet into /home/vcap). Required to run a droplet without an image.
             */
            Optional<String> baseImage();

            /**
             * Where pods reach this server for droplet bits (e.g. {@code http://cfdeploy.cf-system.svc:8080}); the
             * init container fetches {@code <url>/internal/v1/droplets/<guid>/<sha256>?sig=…}.
             */
            Optional<String> dropletBaseUrl();

            /** The HMAC key of the droplet URLs; without it the internal droplet endpoint answers 404. */
            Optional<String> dropletUrlSecret();

            /** The user id the instances run as (never root). */
            @WithDefault("2000")
            @Min(1)
            long runAsUser();

            /** CPU requested per GiB of memory, in millicores (Korifi: 100m), at least 5m. */
            @WithDefault("100")
            @Min(1)
            int cpuRequestPerGib();

            /** A CPU limit per instance in millicores; unset: none. */
            Optional<Integer> cpuLimit();

            /** One Service per app and process type (the route backends). */
            @WithDefault("true")
            boolean services();

            /** How routes reach the Services: {@code http-route} (Gateway API), {@code ingress} or {@code none}. */
            @WithDefault("http-route")
            RoutesKind routes();

            /** The Gateway the HTTPRoutes attach to ({@code namespace/name} or {@code name}). */
            @WithDefault("cfdeploy")
            String gateway();

            /** The IngressClass of the Ingresses; unset: the cluster's default. */
            Optional<String> ingressClass();

            /** How long a cold start waits for the informers' first list before answering from one LIST. */
            @WithDefault("PT5S")
            Duration syncTimeout();

            enum RoutesKind {
                HTTP_ROUTE, INGRESS, NONE
            }
        }
    }

    interface Router {
        /**
         * Serve the router on its own port, whatever the runtime (the simulated runtime's instances have no address:
         * their routes answer 502). Each replica that serves it routes from the database.
         */
        @WithDefault("true")
        boolean enabled();

        /** The router's port (0: any free port). */
        @WithDefault("8081")
        @Min(0)
        int port();

        /** The address the router listens on. */
        @WithDefault("0.0.0.0")
        String host();
    }

    interface Database {
        /** Create the configured database when it does not exist (needs the CREATEDB privilege). */
        @WithDefault("false")
        boolean createIfMissing();

        /** Apply the Flyway migrations at start. */
        @WithDefault("true")
        boolean migrateAtStart();

        /** The database to connect to when creating the configured one. */
        @WithDefault("postgres")
        String maintenanceDatabase();
    }

    interface Metadata {
        /** Most labels one resource may carry. */
        @WithDefault("50")
        @Min(0)
        int maxLabelsPerResource();

        /** Most annotations one resource may carry. */
        @WithDefault("200")
        @Min(0)
        int maxAnnotationsPerResource();
    }

    interface Uaa {
        /** Serve {@code /oauth/token}, {@code /token_keys} and {@code /login}, and accept the tokens it signs. */
        @WithDefault("false")
        boolean enabled();

        /**
         * PEM file (PKCS#8) with the issuer's RSA private key. When unset a key pair is generated at start, so
         * tokens do not survive a restart and are not accepted by other replicas.
         */
        Optional<String> signingKeyLocation();

        /** The key id ({@code kid}) of the signing key. */
        @WithDefault("cfdeploy-key-1")
        String keyId();

        /** The {@code iss} claim of issued tokens; defaults to {@code <base url>/oauth/token}. */
        Optional<String> issuer();

        /** Lifetime of access tokens. */
        @WithDefault("PT12H")
        Duration accessTokenValidity();

        /** Lifetime of refresh tokens. */
        @WithDefault("P30D")
        Duration refreshTokenValidity();

        /** Users that may log in with the password grant, by user name. */
        Map<String, UaaUser> users();

        /** Clients for the client_credentials grant, by client id. */
        Map<String, UaaClient> clients();
    }

    interface UaaUser {
        /** The password; in prod an empty or default password stops the server from starting. */
        String password();

        /** The user's guid (the {@code user_id} claim); defaults to a guid derived from the user name. */
        Optional<String> guid();

        /** Scopes granted, e.g. {@code cloud_controller.admin}. */
        @WithDefault("cloud_controller.read,cloud_controller.write,openid")
        List<String> scopes();

        /** The identity provider origin. */
        @WithDefault("uaa")
        String origin();
    }

    interface UaaClient {
        /** The client secret; in prod an empty or default secret stops the server from starting. */
        String secret();

        /** Scopes (authorities) granted to the client itself. */
        @WithDefault("cloud_controller.read,cloud_controller.write")
        List<String> scopes();
    }

    interface Tokens {
        /**
         * How many verified tokens are remembered (by their SHA-256), so a client repeating its token is not
         * verified again on every request; 0 turns the cache off. A token is never served from it past its
         * {@code exp}.
         */
        @WithDefault("10000")
        @Min(0)
        int cacheSize();

        /**
         * How long after its verification a remembered token is trusted without a new check (at most until its
         * {@code exp}): how long a token signed with a key its issuer has withdrawn may still be accepted.
         */
        @WithDefault("PT5M")
        Duration cacheMaxAge();
    }
}
