"""The quick tier: which tests `pytest -m "not slow and not pty"` leaves out, and what each costs.

The inner loop should take seconds, not minutes. A test is listed here when
one of its cases costs 30 ms of CPU or more (simulations that must run long
enough for their statistics to settle, whole pages rendered in-process,
fresh interpreters, real measurements), or when it sweeps every content or
question file, which `primer check` also covers. Listed tests are marked
`slow`; CI (`.ci/run`) runs every test, so nothing listed goes unchecked, and
none of them loses an assertion.

The figures are CPU seconds for all cases of each test together (including
the processes it starts), the larger of two runs on the development machine
(2 cores shared with other work, so they vary by up to 2x), with the shared
content cache of tests/conftest.py. Tests in files of
the hardening work (layout, hardening, fuzz, render, store, import hygiene)
carry their `slow` marks in the file itself.
"""

from __future__ import annotations

import pytest

SLOW: dict[str, float] = {
    # test_bench_cli.py: real measurements of this machine (one run shared by several tests: 1.3 s)
    "tests/test_bench_cli.py::test_a_second_run_agrees_on_the_stable_rows_within_2x": 1.29,
    "tests/test_bench_cli.py::test_an_interrupted_run_removes_its_temporary_directory": 0.53,
    "tests/test_bench_cli.py::test_drive_rows_are_measured_where_the_page_cache_can_be_bypassed": 0.00,  # needs the shared run
    "tests/test_bench_cli.py::test_every_row_has_the_promised_keys": 1.32,
    "tests/test_bench_cli.py::test_history_compares_saved_runs": 0.07,
    "tests/test_bench_cli.py::test_history_refuses_options_that_only_measuring_uses": 0.15,
    "tests/test_bench_cli.py::test_history_skips_a_broken_file_with_a_warning": 0.04,
    "tests/test_bench_cli.py::test_measured_values_are_positive_finite_and_plausible": 0.03,
    "tests/test_bench_cli.py::test_numbers_latency_measured_adds_the_latest_run": 0.06,
    "tests/test_bench_cli.py::test_numbers_latency_measured_without_a_run_exits_1": 0.03,
    "tests/test_bench_cli.py::test_quick_json_run_succeeds_quickly": 1.33,
    "tests/test_bench_cli.py::test_the_interpreter_cost_is_stated": 0.00,  # needs the shared run
    "tests/test_bench_cli.py::test_the_plain_table_still_works_without_a_run": 0.05,
    "tests/test_bench_cli.py::test_the_temporary_directory_is_gone_and_the_run_is_saved": 0.00,  # needs the shared run
    "tests/test_bench_cli.py::test_unmeasurable_rows_carry_a_reason_and_no_number": 0.00,  # needs the shared run
    # test_content.py: every topic file
    "tests/test_content.py::test_reading_order_is_strict": 0.07,
    "tests/test_content.py::test_topic_prose_is_in_our_own_words": 0.69,
    "tests/test_content.py::test_whole_library_loads_with_cross_references": 0.06,
    # test_content_facts.py: a pattern over every passage of every topic
    "tests/test_content_facts.py::test_11_protobuf_and_avro_are_formats_not_frameworks": 0.04,
    "tests/test_content_facts.py::test_1_super_column_families_never_group_column_families": 0.07,
    "tests/test_content_facts.py::test_2_layer_4_is_not_only_nat_and_proxies_terminate": 0.06,
    "tests/test_content_facts.py::test_5_no_topic_calls_rdbms_replication_synchronous_by_default": 0.48,
    # test_content_review.py: tables recomputed from every topic
    "tests/test_content_review.py::test_downtime_table_matches_the_year_its_caption_states": 0.11,
    # test_demo_cli.py: whole demo runs in-process; one fresh interpreter
    "tests/test_demo_cli.py::test_a_shorter_run_with_its_faults_inside_it_is_fine": 0.16,
    "tests/test_demo_cli.py::test_an_optional_fault_can_be_switched_off": 0.06,
    "tests/test_demo_cli.py::test_an_optional_fault_keeps_its_default_when_not_given": 0.06,
    "tests/test_demo_cli.py::test_an_unknown_demo_exits_2_with_a_suggestion": 0.03,
    "tests/test_demo_cli.py::test_animate_runs_to_the_end_and_leaves_the_final_numbers": 0.06,
    "tests/test_demo_cli.py::test_ctrl_c_stops_the_animation_quietly_with_the_numbers_so_far": 0.04,
    "tests/test_demo_cli.py::test_every_demo_links_to_real_topics_and_they_link_back": 0.13,
    "tests/test_demo_cli.py::test_every_frame_draws_from_the_first_event_to_the_last": 0.87,
    "tests/test_demo_cli.py::test_flags_reach_the_model": 0.03,
    "tests/test_demo_cli.py::test_help_offers_every_model_parameter_as_a_flag": 0.57,
    "tests/test_demo_cli.py::test_json_run_matches_the_model_run_directly": 0.87,
    "tests/test_demo_cli.py::test_json_run_prints_name_params_and_promised_metrics": 0.51,
    "tests/test_demo_cli.py::test_list_shows_every_demo_with_its_topics": 0.06,
    "tests/test_demo_cli.py::test_the_cli_builds_demo_commands_without_importing_models": 0.16,
    "tests/test_demo_cli.py::test_without_a_terminal_it_runs_to_the_end_and_prints_a_metrics_table": 0.07,
    # test_estimate_calculators.py: several calculators per case
    "tests/test_estimate_calculators.py::test_storage_refuses_nonsense": 0.08,
    # test_estimate_cli.py: full reports rendered in-process
    "tests/test_estimate_cli.py::test_bandwidth_json_from_count_and_from_rate": 0.06,
    "tests/test_estimate_cli.py::test_cache_json": 0.06,
    "tests/test_estimate_cli.py::test_cache_memory_does_not_depend_on_how_the_rate_was_typed": 0.06,
    "tests/test_estimate_cli.py::test_convert_shows_the_primer_rule_of_thumb": 0.04,
    "tests/test_estimate_cli.py::test_inputs_that_overflow_the_arithmetic_exit_2": 0.19,
    "tests/test_estimate_cli.py::test_latency_json_and_list": 0.07,
    "tests/test_estimate_cli.py::test_qps_from_daily_active_users": 0.03,
    "tests/test_estimate_cli.py::test_qps_json": 0.03,
    "tests/test_estimate_cli.py::test_qps_table_shows_steps_exact_and_napkin": 0.05,
    "tests/test_estimate_cli.py::test_servers_json_and_table": 0.07,
    "tests/test_estimate_cli.py::test_storage_json": 0.03,
    "tests/test_estimate_cli.py::test_system_report_from_flags": 0.07,
    # test_estimate_hygiene.py: a fresh interpreter per case
    "tests/test_estimate_hygiene.py::test_calculators_never_load_questionary_or_textual": 1.70,
    "tests/test_estimate_hygiene.py::test_json_path_does_not_load_rich_renderers": 0.22,
    "tests/test_estimate_hygiene.py::test_loading_the_cli_does_not_load_the_estimate_core": 0.14,
    # test_estimate_quantity.py: hypothesis properties
    "tests/test_estimate_quantity.py::test_a_space_between_number_and_unit_changes_nothing": 0.27,
    "tests/test_estimate_quantity.py::test_napkin_is_within_ten_percent_with_at_most_two_figures": 0.09,
    "tests/test_estimate_quantity.py::test_no_quantity_shaped_text_raises_anything_but_our_own_error": 0.10,
    "tests/test_estimate_quantity.py::test_no_text_raises_anything_but_our_own_error": 0.10,
    "tests/test_estimate_quantity.py::test_parse_format_round_trips_exactly_at_full_precision": 0.19,
    "tests/test_estimate_quantity.py::test_parse_format_round_trips_within_the_rounding_at_three_figures": 0.11,
    # test_learn_cli.py: full topic pages and search indexes rendered in-process
    "tests/test_learn_cli.py::test_learn_alias_with_other_punctuation": 0.07,
    "tests/test_learn_cli.py::test_learn_json_and_markdown_together_is_a_usage_error": 0.03,
    "tests/test_learn_cli.py::test_learn_json_has_the_schema_fields": 0.04,
    "tests/test_learn_cli.py::test_learn_markdown_export": 0.04,
    "tests/test_learn_cli.py::test_learn_matches_id_title_and_alias": 0.34,
    "tests/test_learn_cli.py::test_learn_unique_prefix_opens_the_topic": 0.07,
    "tests/test_learn_cli.py::test_learn_unknown_topic_suggests_three_and_exits_2": 0.05,
    "tests/test_learn_cli.py::test_piped_output_has_no_colour_codes": 0.06,
    "tests/test_learn_cli.py::test_search_json_without_results_is_an_empty_list": 0.10,
    "tests/test_learn_cli.py::test_search_of_only_stopwords_is_a_usage_error": 0.03,
    "tests/test_learn_cli.py::test_search_ranks_the_obvious_topic_first": 0.08,
    "tests/test_learn_cli.py::test_search_shows_highlighted_snippets": 0.10,
    "tests/test_learn_cli.py::test_search_without_results_exits_1_with_a_hint": 0.10,
    "tests/test_learn_cli.py::test_topics_json": 0.04,
    "tests/test_learn_cli.py::test_topics_tree_lists_every_category": 0.10,
    "tests/test_learn_cli.py::test_version_and_help": 0.07,
    # test_numbers_tables.py: full tables rendered in-process
    "tests/test_numbers_tables.py::test_numbers_latency_json": 0.03,
    "tests/test_numbers_tables.py::test_numbers_latency_prints_the_table": 0.05,
    "tests/test_numbers_tables.py::test_numbers_powers_prints_and_json": 0.07,
    "tests/test_numbers_tables.py::test_numbers_without_a_table_shows_help": 0.04,
    # test_quiz_bank.py: every question file
    "tests/test_quiz_bank.py::test_every_topic_has_enough_questions": 0.16,
    "tests/test_quiz_bank.py::test_questions_are_in_our_own_words": 0.90,
    "tests/test_quiz_bank.py::test_quiz_file_is_valid": 0.85,
    "tests/test_quiz_bank.py::test_the_bank_is_big_and_uses_every_kind": 0.26,
    "tests/test_quiz_bank.py::test_the_shipped_check_passes": 0.25,
    # test_quiz_cli.py: whole sessions, some in subprocesses
    "tests/test_quiz_cli.py::test_a_corrupt_store_is_reported_and_moved_aside": 0.06,
    "tests/test_quiz_cli.py::test_a_missing_answers_file_is_a_usage_error": 0.09,
    "tests/test_quiz_cli.py::test_a_newer_store_is_refused_and_left_alone": 0.23,
    "tests/test_quiz_cli.py::test_an_unreadable_answer_is_wrong_reported_and_not_asked_again": 0.06,
    "tests/test_quiz_cli.py::test_answers_from_a_file": 0.05,
    "tests/test_quiz_cli.py::test_closed_stdin_never_waits": 0.94,
    "tests/test_quiz_cli.py::test_end_of_input_stops_and_reports": 0.05,
    "tests/test_quiz_cli.py::test_filters_by_kind_and_category": 0.07,
    "tests/test_quiz_cli.py::test_json_answers_are_graded_and_saved": 0.08,
    "tests/test_quiz_cli.py::test_learn_never_opens_the_store": 0.59,
    "tests/test_quiz_cli.py::test_list_shows_ids_topics_and_kinds_without_answers_or_a_store": 0.06,
    "tests/test_quiz_cli.py::test_next_puts_due_reviews_first": 0.08,
    "tests/test_quiz_cli.py::test_progress_json_and_next": 0.25,
    "tests/test_quiz_cli.py::test_progress_reset_needs_confirmation_and_keeps_a_backup": 0.14,
    "tests/test_quiz_cli.py::test_quiz_start_up_does_not_import_fsrs_before_the_first_question": 0.72,
    "tests/test_quiz_cli.py::test_review_asks_due_cards_most_overdue_first": 0.14,
    "tests/test_quiz_cli.py::test_review_with_nothing_due": 0.14,
    "tests/test_quiz_cli.py::test_sigkill_mid_quiz_keeps_every_recorded_answer": 0.60,
    "tests/test_quiz_cli.py::test_the_expected_answers_score_full_marks": 0.14,
    "tests/test_quiz_cli.py::test_usage_mistakes_exit_2_with_a_hint": 0.31,
    # test_quiz_store.py: several processes writing at once; damaged files
    "tests/test_quiz_store.py::test_a_second_recovery_never_overwrites_the_first": 0.15,
    "tests/test_quiz_store.py::test_damaged_pages_are_found_and_moved_aside": 0.07,
    "tests/test_quiz_store.py::test_four_concurrent_writers_lose_nothing": 0.65,
    # test_schema.py: a whole content tree, checked from YAML
    "tests/test_schema.py::test_check_command_fails_on_broken_tree": 0.03,
    "tests/test_schema.py::test_check_command_passes_on_shipped_content": 0.18,
    # test_search.py: a search index over every topic
    "tests/test_search.py::test_obvious_topic_ranks_first": 0.23,
    "tests/test_search.py::test_snippet_contains_a_query_word_and_is_short": 0.05,
    # test_sim_balancer.py: simulations long enough for their statistics to settle
    "tests/test_sim_balancer.py::test_a_lone_server_has_mm1_latency_percentiles": 0.40,
    "tests/test_sim_balancer.py::test_every_request_is_served_dropped_or_still_queued": 0.30,
    "tests/test_sim_balancer.py::test_random_spreads_evenly_in_the_long_run": 0.12,
    "tests/test_sim_balancer.py::test_same_seed_same_run": 0.03,
    "tests/test_sim_balancer.py::test_speed_aware_strategies_beat_round_robin_on_uneven_servers": 0.17,
    "tests/test_sim_balancer.py::test_the_recovered_server_returns_to_the_pool": 0.03,
    "tests/test_sim_balancer.py::test_view_shows_the_gap_between_failure_and_detection": 0.04,
    # test_sim_cache.py: simulations long enough for their statistics to settle
    "tests/test_sim_cache.py::test_fifo_hit_ratio_matches_its_approximation": 0.81,
    "tests/test_sim_cache.py::test_hit_ratio_rises_with_capacity": 1.14,
    "tests/test_sim_cache.py::test_hit_ratio_rises_with_skew": 1.39,
    "tests/test_sim_cache.py::test_lru_hit_ratio_matches_the_che_approximation": 1.64,
    "tests/test_sim_cache.py::test_no_policy_beats_holding_the_most_popular_items": 0.50,
    "tests/test_sim_cache.py::test_zipf_sampler_draws_each_rank_with_its_probability": 0.13,
    # test_sim_hashring.py: simulations long enough for their statistics to settle
    "tests/test_sim_hashring.py::test_adding_one_node_moves_about_one_key_in_n_plus_one": 1.05,
    "tests/test_sim_hashring.py::test_max_load_ratio_falls_towards_one_with_more_vnodes": 1.41,
    "tests/test_sim_hashring.py::test_modulo_hashing_moves_all_but_one_key_in_n_plus_one": 0.77,
    "tests/test_sim_hashring.py::test_more_virtual_nodes_spread_the_load_more_evenly": 3.18,
    "tests/test_sim_hashring.py::test_on_a_join_keys_move_only_to_the_new_node": 0.04,
    "tests/test_sim_hashring.py::test_on_a_leave_only_the_leaving_nodes_keys_move": 0.04,
    "tests/test_sim_hashring.py::test_removing_a_node_moves_about_one_key_in_n": 0.32,
    "tests/test_sim_hashring.py::test_same_seed_same_run_other_seed_other_run": 0.05,
    # test_sim_partition.py: simulations long enough for their statistics to settle
    "tests/test_sim_partition.py::test_cap_holds_for_any_parameters": 0.14,
    "tests/test_sim_partition.py::test_cp_refuses_the_minority_share_of_requests_during_the_partition": 0.18,
    "tests/test_sim_partition.py::test_view_shows_the_split_and_who_refuses": 0.03,
    # test_sim_queue.py: simulations long enough for their statistics to settle
    "tests/test_sim_queue.py::test_backoff_doubles_on_average": 0.04,
    "tests/test_sim_queue.py::test_backoff_has_full_jitter_up_to_a_capped_exponential": 0.13,
    "tests/test_sim_queue.py::test_bookkeeping_adds_up_for_any_parameters": 0.20,
    "tests/test_sim_queue.py::test_every_rejection_is_retried_or_given_up": 0.03,
    "tests/test_sim_queue.py::test_full_queue_rejects_as_mm1k_predicts": 0.23,
    "tests/test_sim_queue.py::test_littles_law_holds": 1.62,
    "tests/test_sim_queue.py::test_mm1_matches_theory": 4.72,
    "tests/test_sim_queue.py::test_overload_with_a_bounded_queue_rejects_more_and_latency_stays_bounded": 0.19,
    "tests/test_sim_queue.py::test_retries_rescue_requests_from_a_brief_overflow": 0.11,
    "tests/test_sim_queue.py::test_several_consumers_match_erlang_c": 1.72,
    # test_sim_replication.py: simulations long enough for their statistics to settle
    "tests/test_sim_replication.py::test_async_loses_what_was_in_flight_on_average_rate_times_lag": 0.28,
    "tests/test_sim_replication.py::test_async_stale_reads_match_the_chance_of_a_write_within_the_lag": 0.54,
    "tests/test_sim_replication.py::test_each_mode_keeps_its_promise_for_any_parameters": 0.27,
    "tests/test_sim_replication.py::test_more_lag_more_stale_reads": 0.05,
    "tests/test_sim_replication.py::test_one_primary_has_no_conflicts": 0.07,
    "tests/test_sim_replication.py::test_primary_primary_conflicts_and_last_writer_wins_converges": 0.03,
    "tests/test_sim_replication.py::test_same_seed_same_run": 0.07,
    "tests/test_sim_replication.py::test_sync_writes_wait_for_the_replica_async_writes_do_not": 0.03,
    # test_sim_sharding.py: simulations long enough for their statistics to settle
    "tests/test_sim_sharding.py::test_every_key_and_request_is_on_exactly_one_shard": 0.13,
    "tests/test_sim_sharding.py::test_hash_mod_n_moves_all_but_one_key_in_n_plus_one": 0.15,
    "tests/test_sim_sharding.py::test_hash_spreads_skewed_traffic_better_than_range": 0.14,
    "tests/test_sim_sharding.py::test_range_moves_the_fewest_keys_and_hash_the_most": 0.12,
    "tests/test_sim_sharding.py::test_range_sharding_under_skew_has_a_hotspot_as_theory_predicts": 0.25,
    "tests/test_sim_sharding.py::test_range_split_moves_part_of_one_shard_only": 0.14,
    "tests/test_sim_sharding.py::test_same_seed_same_run": 0.07,
    "tests/test_sim_sharding.py::test_splitting_the_hot_range_relieves_it": 0.16,
    "tests/test_sim_sharding.py::test_uniform_traffic_is_balanced": 0.44,
    # test_sim_transport.py: simulations long enough for their statistics to settle
    "tests/test_sim_transport.py::test_a_wider_window_finishes_sooner_on_a_long_link": 0.06,
    "tests/test_sim_transport.py::test_same_seed_same_run": 0.05,
    "tests/test_sim_transport.py::test_tcp_delivers_everything_in_order": 0.14,
    "tests/test_sim_transport.py::test_tcp_resends_between_the_data_loss_and_round_trip_loss_bounds": 0.90,
    "tests/test_sim_transport.py::test_udp_delivers_about_one_minus_loss": 0.96,
    # test_sim_write_policy.py: simulations long enough for their statistics to settle
    "tests/test_sim_write_policy.py::test_default_run_shows_the_crash": 0.08,
    "tests/test_sim_write_policy.py::test_lost_writes_show_up_later_as_stale_reads": 0.08,
    "tests/test_sim_write_policy.py::test_no_crash_means_a_higher_hit_ratio": 0.09,
    "tests/test_sim_write_policy.py::test_only_write_behind_loses_writes": 0.30,
    "tests/test_sim_write_policy.py::test_read_latency_is_a_cache_hit_or_a_database_trip": 0.24,
    "tests/test_sim_write_policy.py::test_refresh_ahead_keeps_a_hot_key_from_ever_expiring": 0.44,
    "tests/test_sim_write_policy.py::test_refresh_ahead_misses_less_than_cache_aside": 0.18,
    "tests/test_sim_write_policy.py::test_same_seed_same_run": 0.30,
    "tests/test_sim_write_policy.py::test_the_cache_empties_in_a_crash_and_warms_up_again": 0.27,
    "tests/test_sim_write_policy.py::test_write_behind_batches_writes_into_fewer_database_writes": 0.08,
    "tests/test_sim_write_policy.py::test_write_behind_loses_more_the_longer_it_waits_to_flush": 0.09,
    "tests/test_sim_write_policy.py::test_write_behind_loses_the_writes_not_yet_flushed": 0.45,
    "tests/test_sim_write_policy.py::test_write_behind_without_a_crash_loses_nothing_and_is_never_stale": 0.06,
    "tests/test_sim_write_policy.py::test_write_latency_is_what_the_write_waits_for": 0.33,
    "tests/test_sim_write_policy.py::test_write_through_loses_nothing_in_a_crash_and_is_never_stale": 0.09,
    "tests/test_sim_write_policy.py::test_writing_around_the_cache_serves_stale_data_until_entries_expire": 0.19,
}


def mark_slow(items: list[pytest.Item]) -> None:
    """Mark every collected test listed in SLOW (all of its parametrized cases)."""
    for item in items:
        if item.nodeid.split("[")[0] in SLOW:
            item.add_marker(pytest.mark.slow)
