environment = "uat"
