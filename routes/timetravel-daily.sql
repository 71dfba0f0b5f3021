-- Time-travel dates (Zeitreisedaten) of one environment as the framework maps them for the run date:
-- one row per system with the date in force today and the one planned for tomorrow (text, yyyy-MM-dd).
SELECT system_id, environment, valid_on, tt_date_today, tt_date_tomorrow
  FROM timetravel_mapping
 WHERE environment = :#${properties:wla.timetravel.environment:ACC}
   AND valid_on = :#${exchangeProperty.wlaRunDate}
 ORDER BY system_id
