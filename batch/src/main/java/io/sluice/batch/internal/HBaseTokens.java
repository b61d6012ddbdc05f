package io.sluice.batch.internal;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.HBaseConfiguration;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.security.token.ClientTokenUtil;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.security.token.Token;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On a Kerberos cluster whose HBase uses Kerberos too, fetches an HBase delegation token on the
 * client, once per run, for the jobs' credentials: tasks have no Kerberos ticket, so an
 * {@link io.sluice.batch.HBaseSink} in a task authenticates with this token (what HBase's own
 * {@code TableMapReduceUtil.initCredentials} does; hbase-mapreduce is not published for
 * hadoop3 builds). Does nothing otherwise. Not exercised by the tests: the sandbox's HBase runs
 * without Kerberos.
 */
final class HBaseTokens {

  private static final Logger LOG = LoggerFactory.getLogger(HBaseTokens.class);

  private HBaseTokens() {
  }

  /** Credentials holding an HBase token, or empty ones when none is needed. */
  static Credentials obtain(Configuration conf) throws IOException {
    Credentials credentials = new Credentials();
    Configuration hbase = HBaseConfiguration.create(conf);
    if (!UserGroupInformation.isSecurityEnabled()
        || !"kerberos".equalsIgnoreCase(hbase.get("hbase.security.authentication"))) {
      return credentials;
    }
    try (Connection connection = ConnectionFactory.createConnection(hbase)) {
      Token<?> token = ClientTokenUtil.obtainToken(connection);
      credentials.addToken(token.getService(), token);
      LOG.info("Obtained an HBase delegation token for the run's jobs");
    }
    return credentials;
  }
}
