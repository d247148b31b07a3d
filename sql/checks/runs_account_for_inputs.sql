-- Every completed run accounts for each input once: n_inputs = new + skipped + rejected.
-- Grain: one row per completed run whose counts do not add up (a failed run stops counting).
select run_id, n_inputs, n_documents_new, n_documents_skipped, n_rejected
from runs
where status = 'completed'
  and n_inputs <> n_documents_new + n_documents_skipped + n_rejected
