package dev.baton.router.scheduling;

import dev.baton.router.scheduling.decider.PdDecider;
import dev.baton.router.scheduling.plugin.CandidateFilter;
import dev.baton.router.scheduling.plugin.Filter;
import dev.baton.router.scheduling.plugin.Picker;
import dev.baton.router.scheduling.plugin.PrefixMatcher;
import dev.baton.router.scheduling.plugin.Scorer;

/**
 * A validated profile in the shape the hot path wants: plain arrays, weights beside their scorers.
 *
 * @param name the profile's name
 * @param filters run in order after the built-in health, role and model checks
 * @param filterNames the plugin name of each filter, for errors that say which one refused
 * @param matchers report each candidate's cached prompt tokens before the scorers run
 * @param candidateFilters narrow the candidates after the matchers, before the scorers
 * @param scorers each rated candidate set is multiplied by {@code weights[i]} and summed
 * @param weights one per scorer, >= 0
 * @param picker chooses from the sums
 * @param decider whether to split, once this (decode) profile chose an endpoint
 */
record CompiledProfile(String name, Filter[] filters, String[] filterNames, PrefixMatcher[] matchers,
    CandidateFilter[] candidateFilters, Scorer[] scorers,
    double[] weights, Picker picker, PdDecider decider) {}
