/**
 * Federated training jobs on the TrainingJobs contract: the job spec, the model and update files,
 * the deterministic round computation shared by aggregators and auditors, local training, and the
 * trainer and aggregator roles of a node.
 */
@NullMarked
package network.deai.node.job;

import org.jspecify.annotations.NullMarked;
