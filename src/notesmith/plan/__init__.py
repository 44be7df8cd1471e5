"""The pure planner: snapshot + extraction → ChangePlan, with merge and dedup rules and note rendering."""
