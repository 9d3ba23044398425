package net.imo2sproxy.bench.impl;

import java.util.List;

/** The system under test: where the SkypeProxy endpoint listens and which processes to measure. */
public interface Deployment extends AutoCloseable {

  String host();

  int port();

  /** Base URL of the simulator, for its admin API. */
  String simulatorUrl();

  /** What each process is (the load generator first). */
  List<MeasuredProcess> processes();

  /** A one-line description for the report. */
  String describe();

  @Override
  void close();
}
