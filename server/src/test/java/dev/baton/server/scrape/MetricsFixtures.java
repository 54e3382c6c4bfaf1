package dev.baton.server.scrape;

/**
 * {@code /metrics} bodies shaped like real engine output (prometheus_client text format 0.0.4): Python
 * process metrics first, counters declared with their {@code _total} name, {@code _created} series as
 * separate gauges, histogram buckets with {@code le} last and a {@code +Inf} bucket.
 */
final class MetricsFixtures {
  private MetricsFixtures() {}

  static final String MODEL = "meta-llama/Llama-3.1-8B-Instruct";

  /** A vLLM v1 engine: 3 running, 1 waiting, 42.15% KV in use, LoRA slots with two adapters. */
  static final String VLLM =
      """
      # HELP python_gc_objects_collected_total Objects collected during gc
      # TYPE python_gc_objects_collected_total counter
      python_gc_objects_collected_total{generation="0"} 18341.0
      python_gc_objects_collected_total{generation="1"} 2715.0
      python_gc_objects_collected_total{generation="2"} 509.0
      # HELP python_info Python platform information
      # TYPE python_info gauge
      python_info{implementation="CPython",major="3",minor="12",patchlevel="9",version="3.12.9"} 1.0
      # HELP process_resident_memory_bytes Resident memory size in bytes.
      # TYPE process_resident_memory_bytes gauge
      process_resident_memory_bytes 4.853522432e+09
      # HELP http_requests_total Total number of requests by method, status and handler.
      # TYPE http_requests_total counter
      http_requests_total{handler="/v1/completions",method="POST",status="2xx"} 412.0
      http_requests_total{handler="/metrics",method="GET",status="2xx"} 9031.0
      # HELP http_requests_created Total number of requests by method, status and handler.
      # TYPE http_requests_created gauge
      http_requests_created{handler="/v1/completions",method="POST",status="2xx"} 1.7642301935413697e+09
      # HELP vllm:num_requests_running Number of requests in model execution batches.
      # TYPE vllm:num_requests_running gauge
      vllm:num_requests_running{engine="0",model_name="meta-llama/Llama-3.1-8B-Instruct"} 3.0
      # HELP vllm:num_requests_waiting Number of requests waiting to be processed.
      # TYPE vllm:num_requests_waiting gauge
      vllm:num_requests_waiting{engine="0",model_name="meta-llama/Llama-3.1-8B-Instruct"} 1.0
      # HELP vllm:kv_cache_usage_perc KV-cache usage. 1 means 100 percent usage.
      # TYPE vllm:kv_cache_usage_perc gauge
      vllm:kv_cache_usage_perc{engine="0",model_name="meta-llama/Llama-3.1-8B-Instruct"} 0.4215
      # HELP vllm:lora_requests_info Running stats on lora requests.
      # TYPE vllm:lora_requests_info gauge
      vllm:lora_requests_info{max_lora="4",running_lora_adapters="",waiting_lora_adapters=""} 1.7642301e+09
      vllm:lora_requests_info{max_lora="4",running_lora_adapters="sql-lora,chat-lora",waiting_lora_adapters=""} 1.7642309e+09
      # HELP vllm:prefix_cache_queries_total Prefix cache queries, in terms of number of queried tokens.
      # TYPE vllm:prefix_cache_queries_total counter
      vllm:prefix_cache_queries_total{engine="0",model_name="meta-llama/Llama-3.1-8B-Instruct"} 26730.0
      # HELP vllm:prefix_cache_queries_created Prefix cache queries, in terms of number of queried tokens.
      # TYPE vllm:prefix_cache_queries_created gauge
      vllm:prefix_cache_queries_created{engine="0",model_name="meta-llama/Llama-3.1-8B-Instruct"} 1.7642301e+09
      # HELP vllm:request_success_total Count of successfully processed requests.
      # TYPE vllm:request_success_total counter
      vllm:request_success_total{engine="0",finished_reason="stop",model_name="meta-llama/Llama-3.1-8B-Instruct"} 380.0
      vllm:request_success_total{engine="0",finished_reason="length",model_name="meta-llama/Llama-3.1-8B-Instruct"} 29.0
      vllm:request_success_total{engine="0",finished_reason="abort",model_name="meta-llama/Llama-3.1-8B-Instruct"} 0.0
      # HELP vllm:time_to_first_token_seconds Histogram of time to first token in seconds.
      # TYPE vllm:time_to_first_token_seconds histogram
      vllm:time_to_first_token_seconds_bucket{engine="0",le="0.001",model_name="meta-llama/Llama-3.1-8B-Instruct"} 0.0
      vllm:time_to_first_token_seconds_bucket{engine="0",le="0.02",model_name="meta-llama/Llama-3.1-8B-Instruct"} 12.0
      vllm:time_to_first_token_seconds_bucket{engine="0",le="0.1",model_name="meta-llama/Llama-3.1-8B-Instruct"} 301.0
      vllm:time_to_first_token_seconds_bucket{engine="0",le="1.0",model_name="meta-llama/Llama-3.1-8B-Instruct"} 409.0
      vllm:time_to_first_token_seconds_bucket{engine="0",le="+Inf",model_name="meta-llama/Llama-3.1-8B-Instruct"} 412.0
      vllm:time_to_first_token_seconds_count{engine="0",model_name="meta-llama/Llama-3.1-8B-Instruct"} 412.0
      vllm:time_to_first_token_seconds_sum{engine="0",model_name="meta-llama/Llama-3.1-8B-Instruct"} 21.734
      # HELP vllm:time_to_first_token_seconds_created Histogram of time to first token in seconds.
      # TYPE vllm:time_to_first_token_seconds_created gauge
      vllm:time_to_first_token_seconds_created{engine="0",model_name="meta-llama/Llama-3.1-8B-Instruct"} 1.7642301e+09
      # HELP vllm:cache_config_info Information of the LLMEngine CacheConfig
      # TYPE vllm:cache_config_info gauge
      vllm:cache_config_info{block_size="16",cache_dtype="auto",enable_prefix_caching="True",gpu_memory_utilization="0.9",num_gpu_blocks="27136",prefix_caching_hash_algo="sha256"} 1.0
      """;

  /** An older vLLM that only has {@code gpu_cache_usage_perc}, data parallel over two engines. */
  static final String VLLM_OLD_DATA_PARALLEL =
      """
      # HELP vllm:num_requests_running Number of requests in model execution batches.
      # TYPE vllm:num_requests_running gauge
      vllm:num_requests_running{engine="0",model_name="m"} 4.0
      vllm:num_requests_running{engine="1",model_name="m"} 6.0
      # HELP vllm:num_requests_waiting Number of requests waiting to be processed.
      # TYPE vllm:num_requests_waiting gauge
      vllm:num_requests_waiting{engine="0",model_name="m"} 0.0
      vllm:num_requests_waiting{engine="1",model_name="m"} 2.0
      # HELP vllm:gpu_cache_usage_perc GPU KV-cache usage. 1 means 100 percent usage.
      # TYPE vllm:gpu_cache_usage_perc gauge
      vllm:gpu_cache_usage_perc{engine="0",model_name="m"} 0.2
      vllm:gpu_cache_usage_perc{engine="1",model_name="m"} 0.6
      """;

  /** An SGLang server: 5 running, 2 queued, 28% of token slots used. */
  static final String SGLANG =
      """
      # HELP sglang:num_running_reqs The number of running requests.
      # TYPE sglang:num_running_reqs gauge
      sglang:num_running_reqs{model_name="meta-llama/Llama-3.1-8B-Instruct"} 5.0
      # HELP sglang:num_used_tokens The number of used tokens.
      # TYPE sglang:num_used_tokens gauge
      sglang:num_used_tokens{model_name="meta-llama/Llama-3.1-8B-Instruct"} 120450.0
      # HELP sglang:token_usage The token usage.
      # TYPE sglang:token_usage gauge
      sglang:token_usage{model_name="meta-llama/Llama-3.1-8B-Instruct"} 0.28
      # HELP sglang:gen_throughput The generation throughput (token/s).
      # TYPE sglang:gen_throughput gauge
      sglang:gen_throughput{model_name="meta-llama/Llama-3.1-8B-Instruct"} 86.50618226980668
      # HELP sglang:num_queue_reqs The number of requests in the waiting queue.
      # TYPE sglang:num_queue_reqs gauge
      sglang:num_queue_reqs{model_name="meta-llama/Llama-3.1-8B-Instruct"} 2.0
      # HELP sglang:cache_hit_rate The prefix cache hit rate.
      # TYPE sglang:cache_hit_rate gauge
      sglang:cache_hit_rate{model_name="meta-llama/Llama-3.1-8B-Instruct"} 0.0071
      # HELP sglang:prompt_tokens_total Number of prefill tokens processed.
      # TYPE sglang:prompt_tokens_total counter
      sglang:prompt_tokens_total{model_name="meta-llama/Llama-3.1-8B-Instruct"} 8.128902e+06
      # HELP sglang:time_to_first_token_seconds Histogram of time to first token in seconds.
      # TYPE sglang:time_to_first_token_seconds histogram
      sglang:time_to_first_token_seconds_bucket{le="0.1",model_name="meta-llama/Llama-3.1-8B-Instruct"} 0.0
      sglang:time_to_first_token_seconds_bucket{le="0.5",model_name="meta-llama/Llama-3.1-8B-Instruct"} 18.0
      sglang:time_to_first_token_seconds_bucket{le="+Inf",model_name="meta-llama/Llama-3.1-8B-Instruct"} 20.0
      sglang:time_to_first_token_seconds_sum{model_name="meta-llama/Llama-3.1-8B-Instruct"} 5.5
      sglang:time_to_first_token_seconds_count{model_name="meta-llama/Llama-3.1-8B-Instruct"} 20.0
      """;

  /** A process that exposes metrics, but no engine ones. */
  static final String NO_ENGINE_METRICS =
      """
      # HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.
      # TYPE process_cpu_seconds_total counter
      process_cpu_seconds_total 1234.56
      """;

  /** A vLLM body with the given gauges, as the fixture worker serves it. */
  static String vllm(int running, int waiting, double kvCacheUsage) {
    return """
        # HELP vllm:num_requests_running Number of requests in model execution batches.
        # TYPE vllm:num_requests_running gauge
        vllm:num_requests_running{engine="0",model_name="m"} %d.0
        # HELP vllm:num_requests_waiting Number of requests waiting to be processed.
        # TYPE vllm:num_requests_waiting gauge
        vllm:num_requests_waiting{engine="0",model_name="m"} %d.0
        # HELP vllm:kv_cache_usage_perc KV-cache usage. 1 means 100 percent usage.
        # TYPE vllm:kv_cache_usage_perc gauge
        vllm:kv_cache_usage_perc{engine="0",model_name="m"} %s
        """
        .formatted(running, waiting, Double.toString(kvCacheUsage));
  }
}
