package io.sluice.sandbox;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.hbase.HBaseConfiguration;
import org.apache.hadoop.hbase.HBaseTestingUtility;
import org.apache.hadoop.hbase.HConstants;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.minikdc.MiniKdc;
import org.apache.hadoop.net.NetUtils;
import org.apache.hadoop.service.Service;
import org.apache.hadoop.yarn.api.records.NodeState;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.nodemanager.NodeManager;
import org.apache.hadoop.yarn.server.resourcemanager.ResourceManager;
import org.apache.hadoop.yarn.server.resourcemanager.rmnode.RMNode;
import org.apache.hadoop.yarn.webapp.util.WebAppUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedded single-machine Hadoop cluster: MiniDFS with one DataNode, a YARN ResourceManager with
 * one NodeManager that launches real container processes, an HBase master and region server (with
 * their own ZooKeeper) on that HDFS, and a MiniKdc on request.
 *
 * <p>Started with {@link #start(Configuration)}; it writes a client conf folder ({@link #confDir()}:
 * {@code core-site.xml}, {@code hdfs-site.xml}, {@code yarn-site.xml}, {@code hbase-site.xml}, and
 * with a KDC {@code krb5.conf} and {@code sluice.keytab}) through which another JVM on this machine
 * reaches it. {@link #close()} stops everything and, for a temporary folder, deletes its data.
 *
 * <p>One per JVM: Hadoop's mini clusters share JVM-global state (metrics, {@code
 * UserGroupInformation}, system properties). Tests share one through {@link SandboxExtension}.
 *
 * <pre>{@code
 * try (LocalCluster cluster = LocalCluster.start(new Configuration())) {
 *   FileSystem fs = cluster.fileSystem();
 *   fs.mkdirs(new Path("/sluice"));
 * }
 * }</pre>
 */
public final class LocalCluster implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalCluster.class);

  /** The one host name every service binds to and advertises. */
  public static final String HOST = "localhost";

  /** Principal (without realm) of the keytab written into the conf folder when a KDC runs. */
  public static final String KDC_PRINCIPAL = "sluice/" + HOST;

  /** Every address the ResourceManager binds: ephemeral ports here, then copied to clients. */
  private static final List<String> RM_ADDRESS_KEYS = List.of(
      YarnConfiguration.RM_ADDRESS,
      YarnConfiguration.RM_SCHEDULER_ADDRESS,
      YarnConfiguration.RM_RESOURCE_TRACKER_ADDRESS,
      YarnConfiguration.RM_ADMIN_ADDRESS,
      YarnConfiguration.RM_WEBAPP_ADDRESS);

  private static final List<String> CONF_FILES = List.of(
      "core-site.xml", "hdfs-site.xml", "yarn-site.xml", "hbase-site.xml", "krb5.conf", "sluice.keytab");

  private final SandboxSettings settings;
  private final Path dir;
  private final Path confDir;
  private final boolean temporaryDir;
  private final List<Stopper> stopInReverse = new ArrayList<>();
  private final Configuration clientConf = new Configuration(false);
  private FileChannel lockChannel;
  private MiniKdc kdc;
  private MiniDFSCluster dfs;
  private ResourceManager resourceManager;
  private HBaseTestingUtility hbase;
  private volatile boolean closed;

  private LocalCluster(SandboxSettings settings) {
    this.settings = settings;
    this.temporaryDir = settings.dir().isEmpty();
    this.dir = settings.dir().orElseGet(LocalCluster::newTemporaryDir);
    this.confDir = settings.confDir().orElse(dir.resolve("conf"));
  }

  /**
   * Starts a cluster with the {@code sluice.sandbox.*} settings of {@code conf}; its other keys are
   * passed to every service (e.g. {@code dfs.blocksize}).
   *
   * @throws IOException when a service cannot start; what had started is stopped again
   */
  public static LocalCluster start(Configuration conf) throws IOException {
    LocalCluster cluster = new LocalCluster(SandboxSettings.from(conf));
    try {
      cluster.startServices(conf);
      return cluster;
    } catch (IOException | RuntimeException e) {
      cluster.close();
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      cluster.close();
      throw new IOException("interrupted while starting the sandbox", e);
    } catch (Exception e) {
      cluster.close();
      throw new IOException("the sandbox did not start: " + e.getMessage(), e);
    }
  }

  private void startServices(Configuration base) throws Exception {
    long started = System.nanoTime();
    Files.createDirectories(dir);
    lockDir();
    LOG.info("Starting the sandbox in {}", dir);
    deleteData();
    Files.createDirectories(confDir);

    if (settings.kdcEnabled()) {
      startKdc();
    }
    startDfs(base);
    if (settings.yarnEnabled()) {
      startYarn(base);
    }
    if (settings.hbaseEnabled()) {
      startHBase();
    }
    writeClientConf();
    LOG.info(
        "Sandbox up in {} ms: NameNode {}, ResourceManager {} (web {}), ZooKeeper {}, conf folder {}",
        Duration.ofNanos(System.nanoTime() - started).toMillis(),
        nameNodeUri(),
        resourceManagerAddress().orElse("off"),
        resourceManagerWebUrl().orElse("off"),
        zooKeeperQuorum().orElse("off"),
        confDir);
  }

  /** A second sandbox in the same folder would wipe the first one's data: refuse it. */
  private void lockDir() throws IOException {
    lockChannel = FileChannel.open(
        dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = lockChannel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      lockChannel.close();
      lockChannel = null;
      throw new IOException("another sandbox is already running in " + dir + " (stop it, or choose "
          + "another folder: `sluice sandbox --dir DIR`, or " + SandboxConfigKeys.SANDBOX_DIR_KEY + ")");
    }
  }

  private void startKdc() throws IOException {
    try {
      Path kdcDir = Files.createDirectories(dir.resolve("kdc"));
      kdc = new MiniKdc(MiniKdc.createConf(), kdcDir.toFile());
      kdc.start();
      stopInReverse.add(new Stopper("MiniKdc", kdc::stop));
      kdc.createPrincipal(keytab().toFile(), KDC_PRINCIPAL, "HTTP/" + HOST);
      Files.copy(kdc.getKrb5conf().toPath(), confDir().resolve("krb5.conf"));
      LOG.info("MiniKdc up: realm {}, port {}, keytab {} for {}",
          kdc.getRealm(), kdc.getPort(), keytab(), KDC_PRINCIPAL);
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("MiniKdc did not start: " + e.getMessage(), e);
    }
  }

  private void startDfs(Configuration base) throws IOException {
    Configuration conf = new Configuration(base);
    // One DataNode: one replica, and no DataNode to swap into a failing write pipeline.
    conf.setInt("dfs.replication", 1);
    conf.set("dfs.client.block.write.replace-datanode-on-failure.policy", "NEVER");
    dfs = new MiniDFSCluster.Builder(conf, dir.resolve("dfs").toFile())
        .numDataNodes(1)
        .format(true)
        .build();
    stopInReverse.add(new Stopper("HDFS", () -> dfs.shutdown(true)));
    dfs.waitActive();
    clientConf.set("fs.defaultFS", dfs.getURI().toString());
    clientConf.set("dfs.replication", "1");
    clientConf.set("dfs.client.block.write.replace-datanode-on-failure.policy", "NEVER");
    LOG.info("HDFS up: {} (web http://{})", dfs.getURI(),
        NetUtils.getHostPortString(dfs.getNameNode().getHttpAddress()));
  }

  private void startYarn(Configuration base) throws IOException, InterruptedException {
    YarnConfiguration conf = new YarnConfiguration(base);
    conf.set("fs.defaultFS", dfs.getURI().toString());
    conf.setBoolean(YarnConfiguration.IS_MINI_YARN_CLUSTER, true);
    for (String key : RM_ADDRESS_KEYS) {
      conf.set(key, HOST + ":0");
    }
    conf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 128);
    conf.setInt(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_MB, settings.nodeManagerMemoryMb());
    resourceManager = new ResourceManager();
    resourceManager.init(conf);
    resourceManager.start();
    stopInReverse.add(new Stopper("ResourceManager", resourceManager::stop));
    failIfNotStarted(resourceManager, "ResourceManager");
    // The RM has written the addresses it bound into conf; the NodeManager and clients read them.
    Configuration rmConf = resourceManager.getConfig();

    YarnConfiguration nmConf = new YarnConfiguration(rmConf);
    nmConf.set(YarnConfiguration.NM_ADDRESS, HOST + ":0");
    nmConf.set(YarnConfiguration.NM_LOCALIZER_ADDRESS, HOST + ":0");
    nmConf.set(YarnConfiguration.NM_WEBAPP_ADDRESS, HOST + ":0");
    nmConf.set(YarnConfiguration.NM_COLLECTOR_SERVICE_ADDRESS, HOST + ":0");
    nmConf.set(YarnConfiguration.NM_LOCAL_DIRS, Files.createDirectories(dir.resolve("yarn/local")).toString());
    nmConf.set(YarnConfiguration.NM_LOG_DIRS, Files.createDirectories(dir.resolve("yarn/logs")).toString());
    nmConf.setInt(YarnConfiguration.NM_PMEM_MB, settings.nodeManagerMemoryMb());
    nmConf.setInt(YarnConfiguration.NM_VCORES, settings.nodeManagerVcores());
    // A sandbox shares its machine: containers are not policed for memory, and a nearly full disk
    // must not silently take the only NodeManager out of service.
    nmConf.setBoolean(YarnConfiguration.NM_PMEM_CHECK_ENABLED, false);
    nmConf.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
    nmConf.setFloat(YarnConfiguration.NM_MAX_PER_DISK_UTILIZATION_PERCENTAGE, 99.9f);
    // Container logs go to HDFS when an application ends, as on a production cluster (`yarn logs`
    // reads them there); keeping them on local disk instead makes NodeManager shutdown wait 10 s
    // on their pending deletion.
    nmConf.setBoolean(YarnConfiguration.LOG_AGGREGATION_ENABLED, true);
    nmConf.set(YarnConfiguration.NM_REMOTE_APP_LOG_DIR, "/tmp/logs");
    clientConf.setBoolean(YarnConfiguration.LOG_AGGREGATION_ENABLED, true);
    clientConf.set(YarnConfiguration.NM_REMOTE_APP_LOG_DIR, "/tmp/logs");
    // MapReduce jobs (the batch layer) need the shuffle service in the NodeManager; the class is in
    // hadoop-mapreduce-client-shuffle, which hadoop-minicluster brings.
    nmConf.set(YarnConfiguration.NM_AUX_SERVICES, "mapreduce_shuffle");
    nmConf.set("yarn.nodemanager.aux-services.mapreduce_shuffle.class",
        "org.apache.hadoop.mapred.ShuffleHandler");
    // Any free port (as MiniMRYarnCluster does): the AM learns it from the container start reply.
    nmConf.setInt("mapreduce.shuffle.port", 0);
    // Containers run with the sandbox's own Java, whatever the user's shell says.
    nmConf.set(YarnConfiguration.NM_ADMIN_USER_ENV,
        "MALLOC_ARENA_MAX=4,JAVA_HOME=" + System.getProperty("java.home"));
    NodeManager nodeManager = new NodeManager();
    nodeManager.init(nmConf);
    nodeManager.start();
    stopInReverse.add(new Stopper("NodeManager", nodeManager::stop));
    failIfNotStarted(nodeManager, "NodeManager");
    awaitNodeRunning();

    for (String key : RM_ADDRESS_KEYS) {
      clientConf.set(key, rmConf.get(key));
    }
    LOG.info("YARN up: ResourceManager {}, web {}", rmConf.get(YarnConfiguration.RM_ADDRESS),
        resourceManagerWebUrl().orElseThrow());
  }

  private static void failIfNotStarted(Service service, String what) throws IOException {
    if (service.getServiceState() != Service.STATE.STARTED) {
      throw new IOException(what + " did not start", service.getFailureCause());
    }
  }

  private void awaitNodeRunning() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      for (RMNode node : resourceManager.getRMContext().getRMNodes().values()) {
        if (node.getState() == NodeState.RUNNING) {
          return;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new IOException("the NodeManager did not register with the ResourceManager in 60 s");
      }
      Thread.sleep(50);
    }
  }

  private void startHBase() throws Exception {
    // HBase's test utility puts ZooKeeper's data and its own scratch files under this folder.
    System.setProperty(HBaseTestingUtility.BASE_TEST_DIRECTORY_KEY, dir.resolve("hbase").toString());
    // HBaseConfiguration adds hbase-default.xml, without which HMaster cannot even be constructed.
    Configuration conf = HBaseConfiguration.create(dfs.getConfiguration(0));
    conf.set("fs.defaultFS", dfs.getURI().toString());
    hbase = new HBaseTestingUtility(conf);
    hbase.setDFSCluster(dfs, false);
    hbase.startMiniZKCluster();
    stopInReverse.add(new Stopper("ZooKeeper", hbase::shutdownMiniZKCluster));
    hbase.startMiniHBaseCluster();
    stopInReverse.add(new Stopper("HBase", hbase::shutdownMiniHBaseCluster));
    Configuration hconf = hbase.getConfiguration();
    clientConf.set(HConstants.ZOOKEEPER_QUORUM, hconf.get(HConstants.ZOOKEEPER_QUORUM));
    clientConf.set(HConstants.ZOOKEEPER_CLIENT_PORT, hconf.get(HConstants.ZOOKEEPER_CLIENT_PORT));
    clientConf.set(HConstants.ZOOKEEPER_ZNODE_PARENT,
        hconf.get(HConstants.ZOOKEEPER_ZNODE_PARENT, HConstants.DEFAULT_ZOOKEEPER_ZNODE_PARENT));
    LOG.info("HBase up: ZooKeeper {}", zooKeeperQuorum().orElseThrow());
  }

  /** Writes each service's client keys into the file Hadoop and HBase clients read them from. */
  private void writeClientConf() throws IOException {
    Map<String, Configuration> files = new TreeMap<>();
    for (Map.Entry<String, String> e : clientConf) {
      String key = e.getKey();
      String file = key.startsWith("yarn.") ? "yarn-site.xml"
          : key.startsWith("dfs.") ? "hdfs-site.xml"
          : key.startsWith("hbase.") || key.startsWith("zookeeper.") ? "hbase-site.xml"
          : "core-site.xml";
      files.computeIfAbsent(file, f -> new Configuration(false)).set(key, e.getValue(), "sluice sandbox");
    }
    for (String file : CONF_FILES.subList(0, 4)) {
      Configuration conf = files.getOrDefault(file, new Configuration(false));
      try (OutputStream out = Files.newOutputStream(confDir().resolve(file))) {
        conf.writeXml(out);
      }
    }
  }

  /** The folder holding this cluster's data and its client conf folder. */
  public Path dir() {
    return dir;
  }

  /** The client conf folder: put it first on a classpath (or pass it to {@code sluice --conf-dir}). */
  public Path confDir() {
    return confDir;
  }

  /** A new client configuration with every address of this cluster (the conf folder's content). */
  public Configuration clientConf() {
    Configuration conf = new Configuration();
    for (Map.Entry<String, String> e : clientConf) {
      conf.set(e.getKey(), e.getValue());
    }
    return conf;
  }

  public URI nameNodeUri() {
    return dfs.getURI();
  }

  /** The ResourceManager's client address ({@code host:port}), when YARN runs. */
  public Optional<String> resourceManagerAddress() {
    return Optional.ofNullable(clientConf.get(YarnConfiguration.RM_ADDRESS));
  }

  public Optional<String> resourceManagerWebUrl() {
    return resourceManager == null ? Optional.empty()
        : Optional.of("http://" + WebAppUtils.getRMWebAppURLWithoutScheme(resourceManager.getConfig()));
  }

  /** ZooKeeper quorum ({@code host:port}) that HBase clients use, when HBase runs. */
  public Optional<String> zooKeeperQuorum() {
    String quorum = clientConf.get(HConstants.ZOOKEEPER_QUORUM);
    return quorum == null ? Optional.empty()
        : Optional.of(quorum + ":" + clientConf.get(HConstants.ZOOKEEPER_CLIENT_PORT));
  }

  /** The KDC's realm, when one runs. */
  public Optional<String> kerberosRealm() {
    return kdc == null ? Optional.empty() : Optional.of(kdc.getRealm());
  }

  /** The keytab of {@link #KDC_PRINCIPAL} in the conf folder (present only when a KDC runs). */
  public Path keytab() {
    return confDir().resolve("sluice.keytab");
  }

  /** A {@link FileSystem} on this cluster's HDFS, shared and closed with the cluster; do not close it. */
  public FileSystem fileSystem() {
    try {
      return dfs.getFileSystem();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A shared HBase connection, closed with the cluster; do not close it. */
  public Connection hbaseConnection() {
    if (hbase == null) {
      throw new IllegalStateException(
          "HBase is off in this sandbox (" + SandboxConfigKeys.SANDBOX_HBASE_ENABLED_KEY + "=false)");
    }
    try {
      return hbase.getConnection();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Stops every service, last started first; each failure is logged and the rest still stop. Then
   * deletes the cluster's data and its conf folder (whose addresses are dead now). Safe to call
   * twice and from a shutdown hook.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    long started = System.nanoTime();
    LOG.info("Stopping the sandbox in {}", dir);
    for (int i = stopInReverse.size() - 1; i >= 0; i--) {
      Stopper service = stopInReverse.get(i);
      long serviceStarted = System.nanoTime();
      try {
        service.stop().close();
      } catch (Exception e) {
        LOG.warn("Error while stopping {}; stopping the rest", service.name(), e);
      }
      LOG.info("{} stopped in {} ms", service.name(),
          Duration.ofNanos(System.nanoTime() - serviceStarted).toMillis());
    }
    deleteData();
    if (temporaryDir) {
      FileUtil.fullyDelete(dir.toFile());
    }
    if (lockChannel != null) {
      try {
        lockChannel.close();
      } catch (IOException e) {
        LOG.debug("Could not release the sandbox folder lock", e);
      }
    }
    LOG.info("Sandbox stopped in {} ms", Duration.ofNanos(System.nanoTime() - started).toMillis());
  }

  /** The sandbox keeps nothing from one run to the next: HDFS is formatted at every start anyway. */
  private void deleteData() {
    for (String data : List.of("dfs", "yarn", "hbase", "kdc")) {
      FileUtil.fullyDelete(dir.resolve(data).toFile());
    }
    // The conf folder may be one the user named: delete only what the sandbox writes there.
    for (String file : CONF_FILES) {
      FileUtil.fullyDelete(confDir.resolve(file).toFile());
    }
    String[] left = confDir.toFile().list();
    if (left != null && left.length == 0) {
      FileUtil.fullyDelete(confDir.toFile());
    }
  }

  private record Stopper(String name, AutoCloseable stop) {}

  private static Path newTemporaryDir() {
    try {
      return Files.createTempDirectory("sluice-sandbox-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary folder for the sandbox", e);
    }
  }
}
