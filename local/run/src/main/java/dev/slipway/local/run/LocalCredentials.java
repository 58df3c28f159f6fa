package dev.slipway.local.run;

/**
 * The embedded S3 server's local-only keys, offered to the AWS SDK's default credentials chain
 * through its first link, the {@code aws.accessKeyId} / {@code aws.secretAccessKey} system
 * properties, for as long as a local environment runs. Properties a user set are left alone.
 */
final class LocalCredentials {
  private static final String ID = "aws.accessKeyId";
  private static final String SECRET = "aws.secretAccessKey";
  private static int holders;
  private static boolean ours;

  private LocalCredentials() {}

  static synchronized void install(String accessKey, String secretKey) {
    if (holders++ == 0 && System.getProperty(ID) == null) {
      System.setProperty(ID, accessKey);
      System.setProperty(SECRET, secretKey);
      ours = true;
    }
  }

  static synchronized void uninstall() {
    if (--holders == 0 && ours) {
      System.clearProperty(ID);
      System.clearProperty(SECRET);
      ours = false;
    }
  }
}
