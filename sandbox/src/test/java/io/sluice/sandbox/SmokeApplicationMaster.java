package io.sluice.sandbox;

import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.client.api.AMRMClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

/**
 * The smallest ApplicationMaster: registers, unregisters as SUCCEEDED, exits. Runs in its own
 * container JVM, which finds the ResourceManager through the sandbox's conf folder on its classpath.
 */
public final class SmokeApplicationMaster {
  public static void main(String[] args) throws Exception {
    AMRMClient<AMRMClient.ContainerRequest> client = AMRMClient.createAMRMClient();
    client.init(new YarnConfiguration());
    client.start();
    client.registerApplicationMaster("", 0, "");
    client.unregisterApplicationMaster(FinalApplicationStatus.SUCCEEDED, "smoke test passed", null);
    client.stop();
    System.out.println("smoke application master done");
  }
}
